using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ModelOpsPortal.Features.Inventory.Pages;
using ModelOpsPortal.Infrastructure.DemoData;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Inventory;

public sealed class InventoryPageTests : PortalComponentTest
{
    private async Task SeedAsync()
    {
        await using var db = Database.CreateDbContext();
        db.Models.AddRange(DemoPortfolio.Build(TestDatabase.Now.UtcDateTime));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_grid_shows_one_page_of_the_portfolio_and_says_how_many_there_are()
    {
        await SeedAsync();

        var page = RenderWithProviders<InventoryPage>();

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("tbody tr.mud-table-row").Count));
        Assert.Equal("1-25 of 40", page.Find("[data-testid=pager-range]").TextContent.Trim());
        Assert.Contains("AML alert triage", page.Markup, StringComparison.Ordinal);
        // Each page is an address: the next one and the last one are links, the first and previous ones are disabled.
        Assert.Equal("/models?page=2", page.Find("a[aria-label='Next page']").GetAttribute("href"));
        Assert.Equal("/models?page=2", page.Find("a[aria-label='Last page']").GetAttribute("href"));
        Assert.True(page.Find("button[aria-label='First page']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Each_page_is_read_from_the_database_with_limit_and_offset()
    {
        await SeedAsync();
        var commands = new List<string>();
        Services.AddSingleton<Microsoft.EntityFrameworkCore.IDbContextFactory<ModelOpsPortal.Infrastructure.Data.PortalDbContext>>(
            new RecordingFactory(Database.ConnectionString, commands));
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/models?page=2&sort=Name");

        var page = RenderWithProviders<InventoryPage>();

        page.WaitForAssertion(() => Assert.Equal(15, page.FindAll("tbody tr.mud-table-row").Count));
        Assert.Equal("26-40 of 40", page.Find("[data-testid=pager-range]").TextContent.Trim());
        var pageQuery = Assert.Single(commands, c => c.Contains("LIMIT", StringComparison.Ordinal));
        Assert.Contains("OFFSET", pageQuery, StringComparison.Ordinal);
        Assert.Equal("/models", page.Find("a[aria-label='First page']").GetAttribute("href"));
    }

    [Fact]
    public async Task Filters_sort_and_page_size_come_from_the_address_and_every_link_keeps_them()
    {
        await SeedAsync();
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>()
            .NavigateTo("/models?stage=Production&sort=RiskTier&descending=true&pageSize=10&page=2&language=7");

        var page = RenderWithProviders<InventoryPage>();

        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("tbody tr.mud-table-row").Count));
        Assert.All(page.FindAll("tbody tr.mud-table-row"), row => Assert.Contains("Production", row.TextContent, StringComparison.Ordinal));
        Assert.Equal("Production", page.Find("select[name=stage] option[selected]").GetAttribute("value"));
        Assert.Equal("", page.Find("select[name=language] option[selected]").GetAttribute("value")); // a number is not a language
        Assert.Equal("descending", page.Find("th[aria-sort=descending]").GetAttribute("aria-sort"));
        Assert.Contains("Risk tier", page.Find("th[aria-sort=descending]").TextContent, StringComparison.Ordinal);
        // The sorted column again reverses it; another column sorts by itself, ascending; both from the first page.
        Assert.Equal("/models?stage=Production&sort=RiskTier&pageSize=10", page.Find("th[aria-sort=descending] a").GetAttribute("href"));
        Assert.Equal("/models?stage=Production&sort=Owner&pageSize=10", page.FindAll("th a").Single(a => a.TextContent.Contains("Owner", StringComparison.Ordinal)).GetAttribute("href"));
        Assert.Equal("/models?stage=Production&sort=RiskTier&descending=true&page=3&pageSize=10", page.Find("a[aria-label='Next page']").GetAttribute("href"));
        // The filter form and the page-size form carry what they do not show; the clear link keeps the order and the page size.
        var kept = page.FindAll("form[data-testid=inventory-filters] input[type=hidden]").Select(i => $"{i.GetAttribute("name")}={i.GetAttribute("value")}");
        Assert.Equal(["sort=RiskTier", "descending=true", "pageSize=10"], kept);
        var pagerKept = page.FindAll("[data-testid=pager] input[type=hidden]").Select(i => $"{i.GetAttribute("name")}={i.GetAttribute("value")}");
        Assert.Equal(["stage=Production", "sort=RiskTier", "descending=true"], pagerKept);
        Assert.Equal("/models?sort=RiskTier&descending=true&pageSize=10", page.Find("[data-testid=filter-clear]").GetAttribute("href"));
        Assert.Equal("/api/models/export.csv?stage=Production", page.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public void An_empty_inventory_tells_a_new_user_what_to_do()
    {
        var page = RenderWithProviders<InventoryPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=empty-inventory]")));
        Assert.Contains("No models registered yet", page.Markup, StringComparison.Ordinal);
        Assert.Contains("POST /api/models", page.Markup, StringComparison.Ordinal);
        Assert.NotNull(page.Find("a[href='/models/new']"));
    }

    [Fact]
    public async Task Stage_and_role_are_chips_with_text()
    {
        await SeedAsync();

        var page = RenderWithProviders<InventoryPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-chip")));
        var chips = page.FindAll(".mud-chip").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains(chips, c => c.StartsWith("Champion v", StringComparison.Ordinal));
        Assert.Contains("Production", chips);
    }

    private sealed class RecordingFactory(string connectionString, List<string> commands)
        : Microsoft.EntityFrameworkCore.IDbContextFactory<ModelOpsPortal.Infrastructure.Data.PortalDbContext>
    {
        public ModelOpsPortal.Infrastructure.Data.PortalDbContext CreateDbContext() =>
            new ModelOpsPortal.Infrastructure.Data.SqlitePortalDbContext(
                new DbContextOptionsBuilder<ModelOpsPortal.Infrastructure.Data.SqlitePortalDbContext>()
                    .UseSqlite(connectionString)
                    .LogTo(m => { lock (commands) { commands.Add(m); } }, [RelationalEventId.CommandExecuted])
                    .Options);
    }
}
