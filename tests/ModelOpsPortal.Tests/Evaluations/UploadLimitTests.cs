using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>A body over Evaluations:MaxUploadBytes is refused with 413 by real Kestrel, and nothing is stored.</summary>
[Trait("Category", "Database")]
public sealed class UploadLimitTests
{
    [Fact]
    public async Task A_batch_over_the_configured_limit_is_refused_with_413()
    {
        var ct = TestContext.Current.CancellationToken;
        using var portal = new PortalFactory(settings: new Dictionary<string, string> { ["Evaluations:MaxUploadBytes"] = "4096" });
        var address = portal.StartKestrel();
        var inventory = new TestInventory(portal.Services);
        var model = await inventory.RegisterModelAsync(Inputs.Model("Limited scorecard"), "hana", ct);
        await inventory.RegisterVersionAsync(model.Id, Inputs.Version(), "hana", ct);
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.KeyFor(PortalRoles.DataScientist));
        var csv = new StringBuilder("score,label,income\n");
        for (var i = 0; i < 1000; i++)
        {
            csv.Append("0.5,1,100\n");
        }

        var response = await client.PostAsync($"/api/models/{model.Id}/evaluations?version=1", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Contains("4096 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        Assert.Equal(0, await db.Evaluations.CountAsync(ct));
    }
}
