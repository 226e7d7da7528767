using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// Every page, in both languages, passes axe-core with no serious or critical violation, and runs under the portal's
/// Content-Security-Policy without the browser blocking anything.
/// </summary>
public sealed class AccessibilityTests(SeededBrowserFixture browser) : IClassFixture<SeededBrowserFixture>
{
    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        // Model 16 and its version 6 exist in the demo portfolio; 9999 does not (the not-found states). Model 16 has
        // performance and stability alerts, 13 drift alerts and 6 is a regression model: their charts differ.
        string[] paths = ["/models", "/models/16", "/models/16/edit", "/models/new", "/models/16/versions/new", "/models/16/versions/6",
            "/models/9999", "/models/16/versions/99", "/no-such-page", "/admin/api-keys", "/dev/sign-in", "/access-denied",
            "/alerts", "/alerts?modelId=13", "/models/13", "/models/6", "/models/16/compare", "/models/6/compare", "/models/2/fairness", "/models/6/fairness", "/requests", "/requests?status=all", "/requests/1", "/models/2/versions/1", "/audit", "/models/2/versions/1/card",
            "/models/2/versions/1/lineage", "/models/2/evaluations/18", "/datasets", "/datasets/credit-risk_feature-store",
            "/kpis", "/kpis?riskTier=High", "/models?kpi=open-alerts"];
        foreach (var locale in new[] { "en-US", "ko-KR" })
        {
            foreach (var path in paths)
            {
                data.Add(path, locale);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_serious_accessibility_violations(string path, string locale)
    {
        // The administrator sees the API keys; the data scientist who is also a validator sees everything else.
        var page = path == "/dev/sign-in" ? await browser.NewPageAsync(locale)
            : await browser.SignedInPageAsync(path.StartsWith("/admin", StringComparison.Ordinal) ? "Noah Fischer"
                : path.StartsWith("/audit", StringComparison.Ordinal) ? "Aisha Bello" : "Daniel Okafor", locale);
        // Chromium reports every script, style, font or connection the policy blocks on the console.
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                blocked.Add(message.Text);
            }
        };
        await page.GotoAsync(path);
        if (path != "/dev/sign-in") // rendered statically: no circuit to wait for
        {
            await Interactivity.WaitAsync(page);
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var result = await page.RunAxe();

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
        Assert.True(blocked.Count == 0, string.Join(Environment.NewLine, blocked));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dark_theme_keeps_contrast()
    {
        var page = await browser.SignedInPageAsync("Daniel Okafor");
        await page.GotoAsync("/models/16");
        await Interactivity.WaitAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();

        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast"] } });

        Assert.True(result.Violations.Length == 0, string.Join(Environment.NewLine,
            result.Violations.SelectMany(v => v.Nodes.Select(n => $"{n.Target}: {n.Html}"))));
        await page.Context.CloseAsync();
    }
}
