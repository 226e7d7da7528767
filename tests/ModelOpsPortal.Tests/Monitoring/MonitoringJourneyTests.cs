using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Monitoring;

/// <summary>
/// A data scientist uploads a scoring batch from the model page with the keyboard; a refused file says why and
/// stores nothing; the accepted one draws the charts and raises the drift alert that a validator then acknowledges.
/// </summary>
public sealed class MonitoringJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<int> ModelWithBaselineAsync()
    {
        var modelId = await TestModels.RegisterAsync(browser.Portal.Services, "Browser monitored scorecard", ["gender"]);
        await using var baseline = File.OpenRead(Path.Combine(RepositoryFiles.TestData, "evaluation", "reference.csv"));
        await browser.Portal.Services.GetRequiredService<UploadBaseline>().UploadBaselineAsync(modelId, 2, baseline, "hana", Ct);
        return modelId;
    }

    [Fact]
    public async Task A_batch_uploaded_with_the_keyboard_draws_the_charts_and_its_alert_is_acknowledged()
    {
        var modelId = await ModelWithBaselineAsync();
        var page = await browser.SignedInPageAsync("Daniel Okafor");
        await page.GotoAsync($"/models/{modelId}");
        await Interactivity.WaitAsync(page);
        await Expect(page.GetByTestId("no-evaluations")).ToBeVisibleAsync();

        await Keyboard.TabToAsync(page, "Upload evaluation");
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Upload a scoring batch" })).ToBeVisibleAsync();
        // The operating system's file chooser is outside the page; choosing the file is the one step done for the user.
        await dialog.Locator("input[type=file]").SetInputFilesAsync(Path.Combine(RepositoryFiles.TestData, "evaluation", "current.csv"));
        await Expect(dialog.GetByTestId("upload-chosen")).ToContainTextAsync("current.csv");
        await Keyboard.TabToAsync(page, "Upload");
        await page.Keyboard.PressAsync("Enter");

        // The file has a challenger_score column but no challenger was named: refused, nothing stored.
        await Expect(dialog.GetByTestId("upload-errors")).ToContainTextAsync("choose the challenger version");
        await Keyboard.ChooseAsync(page, "Challenger (challenger_score column)", "v1");
        await Keyboard.TabToAsync(page, "Upload");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByText("Evaluation of 20,000 rows stored. Alerts raised: 1 (see Monitoring).")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("trend-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("drift-heatmap")).ToContainTextAsync("tenure_months");
        await Expect(page.GetByTestId("roc-chart")).ToContainTextAsync("v2: AUC 0.6573.");
        var alert = page.GetByTestId("alerts-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "tenure_months" });
        await Expect(alert).ToContainTextAsync("PSI of tenure_months is 0.3162, at or above 0.25");
        await Expect(page.GetByTestId("retraining-recommended")).ToBeVisibleAsync();

        await alert.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Acknowledge alert") }).ClickAsync();
        await page.GetByTestId("alert-submit").ClickAsync();
        await Expect(page.GetByText("Write a comment")).ToBeVisibleAsync(); // a comment is required
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Comment").FillAsync("Checking the tenure feed with data engineering.");
        await page.GetByTestId("alert-submit").ClickAsync();

        await Expect(alert).ToContainTextAsync("Acknowledged");
        await Expect(alert).ToContainTextAsync("Checking the tenure feed");
    }
}
