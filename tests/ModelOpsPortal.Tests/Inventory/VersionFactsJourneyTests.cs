using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Inventory;

/// <summary>A data scientist reads a version's training figures and edits its tags on the version page, in a real browser.</summary>
public sealed class VersionFactsJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_version_page_shows_training_figures_by_split_and_its_tags_are_edited_in_a_dialog_that_names_a_bad_line()
    {
        var ct = TestContext.Current.CancellationToken;
        var modelId = await TestModels.RegisterAsync(browser.Portal.Services, "Browser measured scorecard", ["gender"]);
        await browser.Portal.Services.GetRequiredService<RecordTrainingMetrics>().RecordAsync(modelId, 1, new TrainingMetricsInput(
        [
            new("auc", DatasetSplit.Validation, 0.812), new("auc", DatasetSplit.OutOfTime, 0.79), new("psi_score", DatasetSplit.Test, 0.02),
        ]), "hana", ct);
        var page = await browser.SignedInPageAsync("Hana Kim");

        await page.GotoAsync($"/models/{modelId}/versions/1");
        await Interactivity.WaitAsync(page);

        var figures = page.GetByTestId("training-metrics");
        await Expect(figures.Locator("thead th")).ToHaveTextAsync(["Metric", "Validation", "Test", "Out of time"]);
        await Expect(figures.Locator("tbody tr", new() { HasText = "AUC" }).Locator("td")).ToHaveTextAsync(["0.812", "—", "0.79"]);
        await Expect(page.GetByTestId("version-figures")).ToContainTextAsync("no batch has scored this version yet");

        await page.GetByTestId("edit-tags").ClickAsync();
        var input = page.GetByRole(AriaRole.Dialog).GetByLabel("Tags");
        await input.FillAsync("ticket = MRM-1042\nshadow run");
        await page.GetByTestId("tags-save").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Line 2 has no \"=\"");
        await input.FillAsync("ticket = MRM-1042\nbad key = x");
        await page.GetByTestId("tags-save").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("The tag key \"bad key\" is not valid");
        await input.FillAsync("ticket = MRM-1042\nshadow.run = 2026-10");
        await page.GetByTestId("tags-save").ClickAsync();

        await Expect(page.GetByText("Tags saved.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("version-tag")).ToHaveTextAsync(["shadow.run = 2026-10", "ticket = MRM-1042"]);
        var stored = await browser.Portal.Services.GetRequiredService<InventoryQueries>().GetVersionAsync(modelId, 1, ct);
        Assert.Equal(new Dictionary<string, string> { ["shadow.run"] = "2026-10", ["ticket"] = "MRM-1042" }, stored!.Tags);
    }
}
