using Microsoft.Playwright;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// The shell is plain markup driven by the browser, so a record page drawn without a circuit (the model card) keeps every
/// control of the interactive pages: navigation drawer, language menu, theme switch and printing.
/// </summary>
public sealed class ShellJourneyTests(SeededBrowserFixture browser) : IClassFixture<SeededBrowserFixture>
{
    [Fact]
    public async Task A_model_card_opens_no_circuit_and_its_shell_still_works()
    {
        var page = await browser.SignedInPageAsync("Daniel Okafor");
        await page.AddInitScriptAsync("window.print = () => { window.printed = (window.printed || 0) + 1; };");
        var circuits = new List<string>();
        page.WebSocket += (_, socket) => circuits.Add(socket.Url);
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                circuits.Add(request.Url);
            }
        };

        var response = await page.GotoAsync("/models/2/versions/1/card");
        circuits.Clear(); // the page signing in landed on has gone: from here on, only the card's own connections count
        await Expect(page.Locator("[data-interactive=static]")).ToHaveCountAsync(1);
        Assert.DoesNotContain("\"type\":\"server\"", await response!.TextAsync(), StringComparison.Ordinal);
        await Expect(page.GetByTestId("model-card").Locator("time").First).Not.ToContainTextAsync("UTC"); // Seoul time, from the cookie

        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Show or hide navigation" });
        await toggle.ClickAsync();
        await Expect(page.Locator("#portal-drawer")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-drawer--closed"));
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Model inventory" })).ToBeVisibleAsync();

        var language = page.GetByRole(AriaRole.Button, new() { Name = "Language" });
        await language.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "English" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "English" })).ToBeHiddenAsync();
        await Expect(language).ToBeFocusedAsync();

        await page.GetByTestId("signed-in-user").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByTestId("signed-in-roles")).ToHaveTextAsync("Data scientist · Validator");
        await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).ClickAsync(); // a click elsewhere closes it
        await Expect(page.GetByTestId("signed-in-roles")).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveClassAsync("portal-dark");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeFocusedAsync();

        await page.GetByTestId("print-card").ClickAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("window.printed"));
        Assert.True(circuits.Count == 0, string.Join(", ", circuits));

        // The server draws the next page in the chosen theme (no flash of the light one), and an interactive page has it too.
        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        await Interactivity.WaitAsync(page);
        await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        Assert.NotEmpty(circuits);
        var html = await page.APIRequest.GetAsync("/models/2/versions/1/card");
        Assert.Contains("<html lang=\"en\" class=\"portal-dark\">", await html.TextAsync(), StringComparison.Ordinal);

        // On an interactive page the same menu changes the language (a full load: the culture is a cookie) and comes back here.
        await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "한국어" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/alerts$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "언어" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
