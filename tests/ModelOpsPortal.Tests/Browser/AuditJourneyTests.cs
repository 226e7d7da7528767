using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Browser;

/// <summary>An auditor filters the log to the decisions, reads one, and verifies the chain.</summary>
public sealed class AuditJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_auditor_filters_the_log_reads_a_decision_and_verifies_the_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        var modelId = await TestModels.RegisterAsync(browser.Portal.Services, "Audited journey scorecard", ["gender"], versions: 1, tier: RiskTier.Low);
        var lifecycle = browser.Portal.Services.GetRequiredService<LifecycleService>();
        var request = await lifecycle.CreateAsync(modelId, 1, new RequestInput("validation", "Ready."), "Hana Kim", ct);
        await lifecycle.DecideAsync(request!.Id, DecisionKind.Approve, new DecisionInput("Validation pack reviewed."), "Marta Nowak", ct);

        var page = await browser.SignedInPageAsync("Aisha Bello");
        await page.GotoAsync("/");
        await Interactivity.WaitAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Interactivity.WaitAsync(page);
        var rows = page.GetByTestId("audit-table").Locator("tbody tr.mud-table-row");
        await Expect(rows).ToHaveCountAsync(6); // model, version, request, stage, decision, stage

        await page.GetByTestId("filter-action").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "request.approved" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Marta Nowak");
        await rows.First.GetByText("Before and after").ClickAsync();
        await Expect(rows.First.Locator("pre.audit-json").Last).ToContainTextAsync("Validation pack reviewed.");

        await page.GetByTestId("verify").ClickAsync();
        await Expect(page.GetByTestId("verification")).ToContainTextAsync("Intact: 6 events");
        await Expect(page.GetByTestId("export-csv")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/api/audit/export.csv\\?action=request.approved"));
    }
}
