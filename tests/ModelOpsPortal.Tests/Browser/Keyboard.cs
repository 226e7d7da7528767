using Microsoft.Playwright;

namespace ModelOpsPortal.Tests.Browser;

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
          return (e.getAttribute('aria-label') || byLabel || byId || e.innerText || '').replace('*', '').trim();
        }
        """;

    /// <summary>Presses Tab until the element named <paramref name="name"/> has focus; fails if it is never reached.</summary>
    public static async Task TabToAsync(IPage page, string name, int maxPresses = 60)
    {
        var seen = new List<string>();
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>(FocusedName);
            if (string.Equals(focused, name, StringComparison.Ordinal))
            {
                return;
            }

            seen.Add(focused);
        }

        throw new Xunit.Sdk.XunitException($"'{name}' was not reached with the Tab key. Focus went through: {string.Join(" → ", seen.Distinct())}");
    }

    public static async Task TypeIntoAsync(IPage page, string field, string text)
    {
        await TabToAsync(page, field);
        await page.Keyboard.TypeAsync(text);
    }

    /// <summary>Opens a focused select list with the keyboard and picks the option with that text.</summary>
    public static async Task ChooseAsync(IPage page, string field, string option)
    {
        await TabToAsync(page, field);
        await page.Keyboard.PressAsync("Enter");
        var options = page.Locator(".mud-popover-open .mud-list-item");
        await options.First.WaitForAsync();
        var texts = await options.AllInnerTextsAsync();
        var index = texts.Select(t => t.Trim()).ToList().IndexOf(option);
        Assert.True(index >= 0, $"'{option}' is not among {string.Join(", ", texts)}");
        for (var i = 0; i <= index; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await page.Keyboard.PressAsync("Enter");
    }
}
