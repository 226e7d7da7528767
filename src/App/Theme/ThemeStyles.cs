using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace ModelOpsPortal.App.Theme;

/// <summary>
/// The portal's theme as style sheets for both palettes, so the page can switch between light and dark in the browser
/// (a class on the html element) without a circuit: the layout is plain markup that a static page renders too
/// (docs/decisions/018-memory-per-open-page.md). MudThemeProvider writes the light sheet as MudBlazor generates it; the
/// dark sheet is the same provider's palette variables under <c>html.portal-dark</c>. Built once: the theme is fixed.
/// </summary>
public sealed partial class ThemeStyles(IServiceScopeFactory scopes, ILoggerFactory logs)
{
    /// <summary>The class on the html element that selects the dark palette.</summary>
    public const string DarkClass = "portal-dark";

    private readonly Lazy<Task<MarkupString>> sheets = new(() => BuildAsync(scopes, logs));

    public Task<MarkupString> SheetsAsync() => sheets.Value;

    private static async Task<MarkupString> BuildAsync(IServiceScopeFactory scopes, ILoggerFactory logs)
    {
        var light = await RenderAsync(scopes, logs, dark: false);
        var dark = await RenderAsync(scopes, logs, dark: true);

        // Only the palette differs between the two (typography, shapes and layout sizes are shared).
        var palette = string.Concat(PaletteLine().Matches(ThemeBlock(dark)).Select(m => m.Value + "\n"));
        return new MarkupString($"{light}\n<style class=\"portal-dark-palette\">html.{DarkClass}{{\n{palette}color-scheme: dark;\n}}</style>");
    }

    private static async Task<string> RenderAsync(IServiceScopeFactory scopes, ILoggerFactory logs, bool dark)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, logs);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = PortalTheme.Theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            }));
            return output.ToHtmlString();
        });
    }

    private static string ThemeBlock(string html)
    {
        var start = html.IndexOf("<style class='mud-theme-provider'>", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException("MudThemeProvider no longer writes its variables in <style class='mud-theme-provider'>.");
        }

        return html[start..html.IndexOf("</style>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"--mud-palette-[a-z0-9-]+:[^;]*;")]
    private static partial Regex PaletteLine();
}
