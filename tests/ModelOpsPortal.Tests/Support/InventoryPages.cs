using Microsoft.Playwright;

namespace ModelOpsPortal.Tests.Support;

/// <summary>Page objects for the inventory screens: what a user sees and does, in their words.</summary>
public static class Interactivity
{
    /// <summary>
    /// Waits until the circuit is live; before that, clicks and typing reach a prerendered page. A static page (a record
    /// to read, such as the model card) has no circuit: it is ready as it loads.
    /// </summary>
    public static Task WaitAsync(IPage page) =>
        page.Locator("[data-interactive=true], [data-interactive=static]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}

public sealed class InventoryScreen(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/models");
        await Interactivity.WaitAsync(page);
    }

    public ILocator EmptyState => page.GetByTestId("empty-inventory");

    public ILocator Row(string modelName) => page.Locator("tr.mud-table-row", new() { HasText = modelName });

    public Task StartRegisteringAsync() => page.GetByRole(AriaRole.Link, new() { Name = "Register a model" }).First.ClickAsync();
}

public sealed class ModelFormScreen(IPage page)
{
    /// <summary>The submit button is enabled once the page is interactive; typing before that would be lost.</summary>
    public Task WaitUntilReadyAsync(string button) =>
        Microsoft.Playwright.Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = button })).ToBeEnabledAsync();

    public Task FillAsync(string label, string value) => page.GetByLabel(label, new() { Exact = true }).FillAsync(value);

    /// <summary>
    /// MudSelect opens a list in a popover; pick the option by its text, then wait for the list to close as a person
    /// would: a click while it is still open lands on its overlay (which only closes it), not on the button behind.
    /// </summary>
    public async Task ChooseAsync(string label, string option)
    {
        await page.Locator(".mud-select", new() { Has = page.GetByText(label, new() { Exact = true }) }).First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    public Task SubmitAsync(string button) => page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();

    public ILocator Errors => page.Locator(".mud-input-helper-text.mud-input-error");
}
