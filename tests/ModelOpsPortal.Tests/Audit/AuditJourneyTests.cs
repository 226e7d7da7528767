using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Audit;

/// <summary>An auditor filters the log to the decisions, reads one, verifies the chain, and opens the version's model card.</summary>
public sealed class AuditJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_auditor_filters_the_log_reads_a_decision_verifies_the_chain_and_opens_a_model_card()
    {
        var ct = TestContext.Current.CancellationToken;
        var modelId = await TestModels.RegisterAsync(browser.Portal.Services, "Audited journey scorecard", ["gender"], versions: 1, tier: RiskTier.Low);
        var requests = browser.Portal.Services.GetRequiredService<CreateRequest>();
        var decisions = browser.Portal.Services.GetRequiredService<DecideRequest>();
        var request = await requests.CreateAsync(modelId, 1, new RequestInput("validation", "Ready."), "Hana Kim", ct);
        await decisions.DecideAsync(request!.Id, DecisionKind.Approve, new DecisionInput("Validation pack reviewed."), TestActors.Validator("Marta Nowak"), ct);

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

        await page.GotoAsync($"/models/{modelId}/versions/1");
        await Interactivity.WaitAsync(page);
        await page.GetByTestId("model-card-link").ClickAsync();
        var card = page.GetByTestId("model-card");
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = "Model card: Audited journey scorecard v1", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("card-approvals")).ToContainTextAsync("Approved by Marta Nowak");
        await Expect(page.GetByTestId("card-approvals")).ToContainTextAsync("Validation pack reviewed.");
        await Expect(card).ToContainTextAsync("Ranks retail loan applicants by probability of default.");
        await Expect(page.GetByTestId("print-card")).ToBeEnabledAsync();
    }
}
