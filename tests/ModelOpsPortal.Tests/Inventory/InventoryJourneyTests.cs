using Microsoft.Playwright;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Inventory;

/// <summary>
/// The inventory is a static page (no circuit per open tab): a person filters, sorts and pages it as before, and every view
/// is an address that can be bookmarked, shared and reloaded.
/// </summary>
public sealed class InventoryJourneyTests(SeededBrowserFixture browser) : IClassFixture<SeededBrowserFixture>
{
    private static System.Text.RegularExpressions.Regex Url(string pathAndQuery) =>
        new(System.Text.RegularExpressions.Regex.Escape(pathAndQuery) + "$");

    [Fact]
    public async Task A_user_filters_sorts_and_pages_the_inventory_and_no_circuit_opens()
    {
        var page = await browser.SignedInPageAsync("Hana Kim");
        var circuits = new List<string>();
        page.WebSocket += (_, socket) => circuits.Add(socket.Url);
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                circuits.Add(request.Url);
            }
        };
        await page.GotoAsync("/models");
        circuits.Clear(); // only the inventory's own connections count
        await Expect(page.Locator("[data-interactive=static]")).ToHaveCountAsync(1);
        var rows = page.Locator(".mud-table-body tr.mud-table-row");
        await Expect(rows).ToHaveCountAsync(25);
        await Expect(page.GetByTestId("pager-range")).ToHaveTextAsync("1-25 of 40");

        // A stage picked in the list applies at once.
        await page.GetByTestId("filter-stage").SelectOptionAsync(new SelectOptionValue { Label = "Production" });
        await Expect(page).ToHaveURLAsync(Url("/models?stage=Production"));
        await Expect(page.GetByTestId("pager-range")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^1-25 of 2[0-9]$"));
        await Expect(rows.Filter(new() { HasNotText = "Production" })).ToHaveCountAsync(0);

        // A column header sorts, ascending first (the highest risk first), then reversed; the filter stays.
        var risk = page.GetByRole(AriaRole.Columnheader, new() { Name = "Risk tier" });
        await risk.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(Url("/models?stage=Production&sort=RiskTier"));
        await Expect(risk).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(rows.First).ToContainTextAsync("High risk");
        await risk.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(Url("/models?stage=Production&sort=RiskTier&descending=true"));
        await Expect(risk).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(rows.First).ToContainTextAsync("Low risk");

        // The pager's links and its page size keep the filter and the order.
        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Url("/models?stage=Production&sort=RiskTier&descending=true&page=2"));
        await Expect(page.GetByTestId("pager-range")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^26-"));
        await Expect(rows.Last).ToContainTextAsync("High risk");
        await page.GetByTestId("page-size").SelectOptionAsync("10");
        await Expect(page).ToHaveURLAsync(Url("/models?stage=Production&sort=RiskTier&descending=true&pageSize=10"));
        await Expect(rows).ToHaveCountAsync(10);

        // The name applies with Enter, beside the other filters.
        await page.GetByLabel("Name contains").FillAsync("fraud");
        await page.GetByLabel("Name contains").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(Url("/models?name=fraud&stage=Production&sort=RiskTier&descending=true&pageSize=10"));
        await Expect(page.GetByLabel("Name contains")).ToHaveValueAsync("fraud");
        // (The address changes as the navigation starts; the rows are checked as they come, every name with "fraud" in it.)
        var names = page.Locator(".mud-table-body tr.mud-table-row td:first-child");
        await Expect(names.Filter(new() { HasNotTextRegex = new System.Text.RegularExpressions.Regex("fraud", System.Text.RegularExpressions.RegexOptions.IgnoreCase) })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("pager-range")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^1-[1-9] of [1-9]$"));

        // Clear removes the filters and keeps the order and the page size; back returns to the filtered view.
        await page.GetByTestId("filter-clear").ClickAsync();
        await Expect(page).ToHaveURLAsync(Url("/models?sort=RiskTier&descending=true&pageSize=10"));
        await Expect(page.GetByTestId("filter-stage")).ToHaveValueAsync("");
        await Expect(page.GetByTestId("pager-range")).ToHaveTextAsync("1-10 of 40");
        await page.GoBackAsync();
        await Expect(page.GetByLabel("Name contains")).ToHaveValueAsync("fraud");

        Assert.True(circuits.Count == 0, string.Join(", ", circuits));
    }

    [Fact]
    public async Task From_the_keyboard_a_list_changes_without_leaving_the_page_until_apply()
    {
        var page = await browser.SignedInPageAsync("Hana Kim");
        await page.GotoAsync("/models?sort=Owner");
        await Interactivity.WaitAsync(page);

        // Arrows move through the page sizes without reloading the page at each one; the Apply button that follows the
        // list shows when it has the focus, and applies.
        var size = page.GetByTestId("page-size");
        await size.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(size).ToHaveValueAsync("50");
        await page.WaitForTimeoutAsync(500);
        await Expect(page).ToHaveURLAsync(Url("/models?sort=Owner"));
        await page.Keyboard.PressAsync("Tab");
        var apply = page.GetByTestId("pager").GetByRole(AriaRole.Button, new() { Name = "Apply" });
        await Expect(apply).ToBeFocusedAsync();
        Assert.True((await apply.BoundingBoxAsync())!.Width > 10, "the focused Apply button is visible");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(Url("/models?sort=Owner&pageSize=50"));
        await Expect(page.Locator(".mud-table-body tr.mud-table-row")).ToHaveCountAsync(40);
    }

    [Fact]
    public async Task Ten_tabs_of_static_pages_open_side_by_side_in_one_browser()
    {
        // A browser allows six connections per site over HTTP/1.1: a static page must hold none open (the inbox badge
        // asks now and then instead), or the seventh tab would wait forever.
        var first = await browser.SignedInPageAsync("Priya Raman");
        await first.GotoAsync("/models");
        var tabs = new List<IPage> { first };
        for (var i = 1; i < 10; i++)
        {
            var tab = await first.Context.NewPageAsync();
            await tab.GotoAsync(i % 2 == 0 ? "/models" : "/kpis", new() { Timeout = 15_000 });
            tabs.Add(tab);
        }

        foreach (var tab in tabs)
        {
            await Expect(tab.Locator("[data-interactive=static]")).ToHaveCountAsync(1);
            await tab.EvaluateAsync("document.dispatchEvent(new Event('visibilitychange'))");
        }

        await Expect(tabs[^1].GetByTestId("inbox-count")).ToBeVisibleAsync();
        await first.Context.CloseAsync();
    }
}
