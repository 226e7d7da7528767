using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Lifecycle;

/// <summary>A data scientist opens champion against challenger, sees both ROC curves and the verdict, and asks for the promotion.</summary>
public sealed class ComparisonJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_comparison_shows_both_curves_and_the_verdict_and_leads_to_a_promotion_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var modelId = await TestModels.RegisterAsync(browser.Portal.Services, "Browser compared scorecard", ["gender"], tier: RiskTier.Medium);
        await using (var batch = File.OpenRead(Path.Combine(RepositoryFiles.TestData, "evaluation", "current.csv")))
        {
            await browser.Portal.Services.GetRequiredService<UploadEvaluation>()
                .EvaluateAsync(modelId, new EvaluationRequest(1, 2, new DateOnly(2026, 3, 1), null, "March batch"), batch, "hana", ct);
        }

        // v2 went through validation (its scores on the reference batch fail a fairness rule, hence the override), so it may be promoted.
        var requests = browser.Portal.Services.GetRequiredService<CreateRequest>();
        var decisions = browser.Portal.Services.GetRequiredService<DecideRequest>();
        var validation = await requests.CreateAsync(modelId, 2, new RequestInput("validation", "Retrained on 2026 data."), "Hana Kim", ct);
        await decisions.DecideAsync(validation!.Id, DecisionKind.Approve, new DecisionInput("Validation pack complete.", "The reference batch's groups differ by design; accepted for this journey."), TestActors.Validator("Marta Nowak"), ct);

        var page = await browser.SignedInPageAsync("Hana Kim");
        await page.GotoAsync($"/models/{modelId}");
        await Interactivity.WaitAsync(page);
        await page.GetByTestId("compare-versions").ClickAsync();
        await Interactivity.WaitAsync(page);

        // The model has no champion yet: the heading says what the versions are instead of calling v1 the champion.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "v1 (Development) against v2 (Approved)", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("compare-champion")).ToHaveValueAsync("v1");
        await Expect(page.GetByTestId("compare-challenger")).ToHaveValueAsync("v2");
        await Expect(page.GetByTestId("verdict")).ToContainTextAsync("Challenger v2 is better, significant at 5%.");
        var roc = page.GetByTestId("compare-roc");
        await Expect(roc.Locator(".legend .traces")).ToHaveCountAsync(3); // chance, v1, v2
        await Expect(roc.Locator(".legend")).ToContainTextAsync("v1");
        await Expect(roc.Locator(".legend")).ToContainTextAsync("v2");
        await Expect(roc).ToContainTextAsync("AUC: v1 0.6573, v2 0.705.");

        await page.GetByTestId("request-promotion").ClickAsync();
        await page.GetByTestId("request-submit").ClickAsync();
        await Expect(page.GetByText("Write a justification")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Justification").FillAsync("Better AUC on the same March batch, significant at 5%.");
        await page.GetByTestId("request-submit").ClickAsync();

        await Expect(page.GetByTestId("promotion-requested")).ToContainTextAsync("v2: promotion requested by Hana Kim");
        await Expect(page.GetByTestId("request-promotion")).ToHaveCountAsync(0);
    }
}
