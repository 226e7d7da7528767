using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Inventory;

/// <summary>A data scientist registers a model and its first version through the pages, in a real browser.</summary>
public sealed class RegistrationJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_new_user_registers_a_model_and_a_version_and_finds_it_in_the_inventory()
    {
        var page = await browser.SignedInPageAsync("Hana Kim");
        var inventory = new InventoryScreen(page);
        var form = new ModelFormScreen(page);

        await inventory.OpenAsync();
        await Expect(inventory.EmptyState).ToContainTextAsync("No models registered yet");
        await inventory.StartRegisteringAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Register a model" })).ToBeVisibleAsync();

        await form.WaitUntilReadyAsync("Register model");

        // Submitting too early explains each missing field in the portal's words, not the browser's.
        await form.FillAsync("Name", "Retail PD scorecard");
        await form.SubmitAsync("Register model");
        await Expect(form.Errors.Filter(new() { HasText = "Purpose is required" })).ToBeVisibleAsync();
        await Expect(form.Errors.Filter(new() { HasText = "Risk tier is required" })).ToBeVisibleAsync();

        await form.FillAsync("Purpose", "Ranks retail applicants by probability of default.");
        await form.FillAsync("Intended use", "Approve or decline unsecured retail loans.");
        await form.FillAsync("Business unit", "Retail Credit");
        await form.FillAsync("Owner", "Hana Kim");
        await form.FillAsync("Sensitive attributes", "gender, age_band");
        await form.ChooseAsync("Model type", "Binary classification");
        await form.ChooseAsync("Risk tier", "High");
        await form.SubmitAsync("Register model");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Retail PD scorecard" })).ToBeVisibleAsync();
        await Expect(page.GetByText("gender, age_band")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("no-versions")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Register a version" }).First.ClickAsync();
        await Expect(page.GetByText("The portal numbers it v1")).ToBeVisibleAsync();
        await form.WaitUntilReadyAsync("Register version");
        await form.FillAsync("Algorithm", "XGBoost");
        await form.ChooseAsync("Language", "Python");
        await form.FillAsync("Artifact URI", "s3://models/retail-pd/v1/model.pkl");
        await form.FillAsync("Artifact SHA-256", new string('b', 64));
        await form.FillAsync("Training dataset name", "retail_applications_2026Q3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a feature" }).ClickAsync();
        await form.FillAsync("Feature 1 name", "income");
        await page.GetByLabel("Hyperparameters (JSON object)").FillAsync("{\"max_depth\": 6}");
        await form.SubmitAsync("Register version");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Retail PD scorecard v1" })).ToBeVisibleAsync();
        await Expect(page.GetByText("\"max_depth\": 6")).ToBeVisibleAsync();

        await inventory.OpenAsync();
        await Expect(inventory.Row("Retail PD scorecard")).ToContainTextAsync("Development");
        await Expect(inventory.Row("Retail PD scorecard")).ToContainTextAsync("High risk");
    }
}
