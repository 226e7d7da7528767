using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>A validator goes from the model page to its fairness, reads each attribute's status and why, and changes the attributes.</summary>
public sealed class FairnessJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_validator_reads_the_status_per_attribute_with_its_reason_and_edits_the_attributes()
    {
        var ct = TestContext.Current.CancellationToken;
        var modelId = await TestModels.RegisterAsync(browser.Portal.Services, "Browser fairness scorecard", ["gender", "age_band", "race"]);
        var evaluations = browser.Portal.Services.GetRequiredService<UploadEvaluation>();
        await using (var batch = File.OpenRead(Path.Combine(RepositoryFiles.TestData, "evaluation", "current.csv")))
        {
            await evaluations.EvaluateAsync(modelId, new EvaluationRequest(1, 2, new DateOnly(2026, 3, 1), null, "March batch"), batch, "hana", ct);
        }

        var expected = (await browser.Portal.Services.GetRequiredService<EvaluationQueries>().FairnessAsync(modelId, ct: ct))!.Latest;
        var page = await browser.SignedInPageAsync("Priya Raman");
        await page.GotoAsync($"/models/{modelId}");
        await Interactivity.WaitAsync(page);
        await page.GetByTestId("fairness-link").ClickAsync();
        await Interactivity.WaitAsync(page);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fairness of Browser fairness scorecard", Level = 1 })).ToBeVisibleAsync();
        foreach (var (attribute, fairness) in expected)
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = attribute }).ClickAsync();
            var status = page.GetByTestId("fairness-status");
            await Expect(status).ToHaveAttributeAsync("data-status", fairness.Status.ToString());
            await Expect(page.GetByTestId("fairness-verdict")).Not.ToBeEmptyAsync();
            await Expect(page.GetByTestId($"groups-{attribute}").Locator("tbody tr")).ToHaveCountAsync(fairness.Groups.Count);
            await Expect(page.GetByTestId($"selection-{attribute}").Locator(".legend")).ToContainTextAsync("Fail line");
        }

        await Expect(page.GetByTestId("four-fifths-note")).ToContainTextAsync("US employment law");

        await page.GetByTestId("edit-attributes").ClickAsync();
        var input = page.GetByRole(AriaRole.Dialog).GetByLabel("Attribute columns");
        await input.FillAsync("gender, age_band, gender");
        await page.GetByTestId("attributes-save").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("\"gender\" is listed twice");
        await input.FillAsync("gender, age_band");
        await page.GetByTestId("attributes-save").ClickAsync();

        await Expect(page.GetByText("Sensitive attributes saved.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        // The configured list changes; the race tab stays, since the latest batch's figures for it are history.
        await Expect(page.GetByTestId("attribute-chip")).ToHaveTextAsync(["gender", "age_band"]);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "race" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_challengers_own_fairness_is_on_the_evaluation_page_and_leads_to_that_versions_fairness()
    {
        var ct = TestContext.Current.CancellationToken;
        var modelId = await TestModels.RegisterAsync(browser.Portal.Services, "Browser challenger scorecard", ["gender", "age_band", "race"]);
        int evaluationId;
        await using (var batch = File.OpenRead(Path.Combine(RepositoryFiles.TestData, "evaluation", "current.csv")))
        {
            evaluationId = (await browser.Portal.Services.GetRequiredService<UploadEvaluation>()
                .EvaluateAsync(modelId, new EvaluationRequest(1, 2, new DateOnly(2026, 3, 1), null, "March batch"), batch, "hana", ct))!.Id;
        }

        var ofChallenger = (await browser.Portal.Services.GetRequiredService<EvaluationQueries>().FairnessAsync(modelId, 2, ct: ct))!;
        var page = await browser.SignedInPageAsync("Priya Raman");
        await page.GotoAsync($"/models/{modelId}/evaluations/{evaluationId}");

        var table = page.GetByTestId("evaluation-challenger-fairness");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "v2 (challenger), on its own scores" })).ToBeVisibleAsync();
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(table.Locator("tbody tr", new() { HasText = "race" })).ToContainTextAsync(ofChallenger.Latest["race"].DisparateImpact.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("challenger-fairness-link").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/models/{modelId}/fairness\\?version=2$"));
        await Expect(page.GetByTestId("fairness-basis")).ToContainTextAsync("Figures of v2 scored as the challenger");
        var versions = page.GetByRole(AriaRole.Navigation, new() { Name = "Versions with fairness figures" });
        await Expect(versions.GetByRole(AriaRole.Link, new() { Name = "v2" })).ToHaveAttributeAsync("aria-current", "page");
        await versions.GetByRole(AriaRole.Link, new() { Name = "Monitored version of each batch" }).ClickAsync();
        await Expect(page.GetByTestId("fairness-basis")).ToContainTextAsync("(period 3/1/2026, v1)");
    }
}
