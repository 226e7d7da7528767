using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Inventory;

/// <summary>
/// A model page draws whatever was stored (issue #23): a latency of 8e28 or a threshold of 1e30 written before the
/// ranges existed draws as a gap instead of breaking the page for everyone, and a feature or group named with markup
/// is shown as text in the charts, never as a link.
/// </summary>
public sealed class StoredValuesJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Link = "<a href='https://evil.example/'>click</a>";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<int> ModelAsync()
    {
        var services = browser.Portal.Services;
        var inventory = new TestInventory(services);
        var input = Inputs.Model("Stored values scorecard");
        input.SensitiveAttributes = ["segment"];
        input.RiskTier = RiskTier.Medium;
        var model = await inventory.RegisterModelAsync(input, "hana", Ct);
        var version = Inputs.Version();
        version.Features = [new FeatureInput { Name = "income", Type = FeatureType.Numeric }, new FeatureInput { Name = Link, Type = FeatureType.Categorical }];
        await inventory.RegisterVersionAsync(model.Id, version, "hana", Ct);

        var baseline = new StringBuilder($"income,{Link}\n");
        var batch = new StringBuilder($"score,label,income,{Link},segment\n");
        for (var i = 0; i < 400; i++)
        {
            baseline.Append(CultureInfo.InvariantCulture, $"{40 + i % 17},{(i % 3 == 0 ? "north" : "south")}\n");
            batch.Append(CultureInfo.InvariantCulture, $"{(i % 10) / 10.0 + 0.05},{(i % 10 >= 6 ? 1 : 0)},{45 + i % 23},{(i % 2 == 0 ? "north" : "east")},{(i % 2 == 0 ? Link : "B")}\n");
        }

        var baselines = services.GetRequiredService<UploadBaseline>();
        var evaluations = services.GetRequiredService<UploadEvaluation>();
        await baselines.UploadBaselineAsync(model.Id, 1, Csv(baseline.ToString()), "hana", Ct);
        await evaluations.EvaluateAsync(model.Id, new EvaluationRequest(1, null, new DateOnly(2026, 3, 1), null, "March batch"), Csv(batch.ToString()), "hana", Ct);

        // What a portal before the documented ranges could store: written straight to the database.
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var stored = await db.Versions.SingleAsync(v => v.ModelId == model.Id, Ct);
        var deployment = new Deployment
        {
            VersionId = stored.Id, Target = DeploymentTarget.RestEndpoint, Environment = "<b>production</b>", Endpoint = "https://score.example.com",
            DeployedAt = TestDatabase.Now.UtcDateTime, DeployedBy = "ops",
        };
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync(Ct);
        db.DeploymentStatistics.Add(new DeploymentStatistics
        {
            DeploymentId = deployment.Id, PeriodStart = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), PeriodEnd = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc),
            Requests = 100, Errors = 1, P50LatencyMs = 30, P95LatencyMs = 8e28, ReportedAt = TestDatabase.Now.UtcDateTime, ReportedBy = "ops",
        });
        db.ThresholdRules.Add(new ThresholdRule
        {
            ModelId = model.Id, Metric = "auc", Direction = ThresholdDirection.Below, Warning = 1e30, Alert = 1e29, UpdatedAt = TestDatabase.Now.UtcDateTime, UpdatedBy = "ops",
        });
        await db.SaveChangesAsync(Ct);
        return model.Id;
    }

    [Fact]
    public async Task Out_of_range_figures_and_markup_in_names_leave_the_model_and_fairness_pages_working_and_inert()
    {
        var modelId = await ModelAsync();
        var page = await browser.SignedInPageAsync("Priya Raman");

        await page.GotoAsync($"/models/{modelId}");
        await Interactivity.WaitAsync(page);

        await Expect(page.GetByTestId("stability-chart").Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("trend-chart").Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("drift-heatmap")).ToContainTextAsync(Link);
        await Expect(page.GetByText("Something went wrong")).ToHaveCountAsync(0);
        await Expect(page.Locator(".portal-chart-drawing a")).ToHaveCountAsync(0);
        await Expect(page.Locator(".portal-chart-drawing b")).ToHaveCountAsync(0);

        await page.GotoAsync($"/models/{modelId}/fairness");
        await Interactivity.WaitAsync(page);
        await Expect(page.GetByTestId("selection-segment").Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("selection-segment").Locator(".xtick")).ToContainTextAsync([Link, "B"]);
        await Expect(page.Locator(".portal-chart-drawing a")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Something went wrong")).ToHaveCountAsync(0);
    }
}
