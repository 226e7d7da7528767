using Microsoft.Playwright;

namespace ModelOpsPortal.Tests.Support;

/// <summary>Moves through a page with the Tab key alone, as a keyboard user does.</summary>
public static class Keyboard
{
    /// <summary>The focused element's accessible name: its label, aria-label or text.</summary>
    private const string FocusedName = """
        () => {
          const e = document.activeElement;
          if (!e) return '';
          const byLabel = e.labels && e.labels.length ? e.labels[0].innerText : '';
          const byId = e.getAttribute('aria-labelledby') ? (document.getElementById(e.getAttribute('aria-labelledby'))?.innerText ?? '') : '';
          // textContent, not innerText: a button's text-transform must not change its name.
          return (e.getAttribute('aria-label') || byLabel || byId || e.textContent || '').replace('*', '').replace(/\s+/g, ' ').trim();
        }
        """;

    /// <summary>The accessible name of the element that has focus now.</summary>
    public static Task<string> FocusedAsync(IPage page) => page.EvaluateAsync<string>(FocusedName);

    /// <summary>Presses Tab until the element named <paramref name="name"/> has focus (none when it has it already); fails if it is never reached.</summary>
    public static async Task TabToAsync(IPage page, string name, int maxPresses = 60)
    {
        var seen = new List<string>();
        if (await FocusedAsync(page) == name)
        {
            return;
        }

        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await FocusedAsync(page);
            if (string.Equals(focused, name, StringComparison.Ordinal))
            {
                return;
            }

            seen.Add(focused);
        }

        throw new Xunit.Sdk.XunitException($"'{name}' was not reached with the Tab key. Focus went through: {string.Join(" → ", seen.Distinct())}");
    }

    /// <summary>Tabs to the field and types; every character must land there (focus that moves while a person types is a bug).</summary>
    public static async Task TypeIntoAsync(IPage page, string field, string text)
    {
        await TabToAsync(page, field);
        await page.Keyboard.TypeAsync(text);
        var value = await page.EvaluateAsync<string>("() => document.activeElement && 'value' in document.activeElement ? document.activeElement.value : ''");
        Assert.True(value == text, $"Typing into '{field}' left '{value}' in the focused element ({await FocusedAsync(page)}), not '{text}'.");
    }

    /// <summary>Opens a select list with Enter, moves with the arrow keys to the option, and picks it with Enter.</summary>
    public static async Task ChooseAsync(IPage page, string field, string option)
    {
        await TabToAsync(page, field);
        await page.Keyboard.PressAsync("Enter");
        var items = page.Locator(".mud-popover-open .mud-list-item");
        await items.Filter(new() { HasText = option }).First.WaitForAsync();
        var highlighted = page.Locator(".mud-popover-open .mud-list-item.mud-selected-item");
        for (var presses = 0; ; presses++)
        {
            var current = await highlighted.CountAsync() > 0 ? (await highlighted.First.InnerTextAsync()).Trim() : "";
            if (current == option)
            {
                break;
            }

            Assert.True(presses < 12, $"'{option}' was never highlighted with the arrow keys in '{field}'");
            await page.Keyboard.PressAsync("ArrowDown");
            await WaitForHighlightToLeaveAsync(page, current);
        }

        await page.Keyboard.PressAsync("Enter");
        await Microsoft.Playwright.Assertions.Expect(items).ToHaveCountAsync(0);
    }

    /// <summary>
    /// The highlight moves on the server, so wait for it before deciding on the next key. A key pressed while the list
    /// was still opening can be lost; then the loop above simply presses again (its bound still applies).
    /// </summary>
    private static async Task WaitForHighlightToLeaveAsync(IPage page, string previous)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "previous => (document.querySelector('.mud-popover-open .mud-list-item.mud-selected-item')?.innerText ?? '').trim() !== previous",
                previous, new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            // Nothing moved: the next turn of the loop presses the key again.
        }
    }
}
