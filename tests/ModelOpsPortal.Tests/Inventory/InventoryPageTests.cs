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
        Assert.Contains(page.FindAll(".mud-table-pagination-caption"), c => c.TextContent.Contains("1-25 of 40", StringComparison.Ordinal));
        Assert.Contains("AML alert triage", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_page_is_read_from_the_database_with_limit_and_offset()
    {
        await SeedAsync();
        var commands = new List<string>();
        Services.AddSingleton<Microsoft.EntityFrameworkCore.IDbContextFactory<ModelOpsPortal.Infrastructure.Data.PortalDbContext>>(
            new RecordingFactory(Database.ConnectionString, commands));

        var page = RenderWithProviders<InventoryPage>();
        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("tbody tr.mud-table-row").Count));
        page.Find("button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => Assert.Equal(15, page.FindAll("tbody tr.mud-table-row").Count));
        var pageQueries = commands.Where(c => c.Contains("LIMIT", StringComparison.Ordinal)).ToList();
        Assert.True(pageQueries.Count >= 2, "every page is its own LIMIT query");
        Assert.All(pageQueries, q => Assert.Contains("OFFSET", q, StringComparison.Ordinal));
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
