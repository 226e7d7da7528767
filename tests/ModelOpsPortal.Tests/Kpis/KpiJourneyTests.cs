using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Kpis;

/// <summary>An executive lands on the KPI dashboard, filters it, and drills down to the models behind a figure; with the keyboard alone too.</summary>
public sealed class KpiJourneyTests(SeededBrowserFixture browser) : IClassFixture<SeededBrowserFixture>
{
    [Fact]
    public async Task An_executive_lands_on_the_kpis_filters_them_and_opens_the_models_behind_a_figure()
    {
        var page = await browser.SignedInPageAsync("Min-jun Lee");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/kpis$"));
        await Interactivity.WaitAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Model lifecycle KPIs", Level = 1 })).ToBeVisibleAsync();

        // The dashboard is a static page: no circuit for the wall display. A tier picked in the list applies at once and
        // the address carries only the filter chosen.
        Assert.Equal("static", await page.Locator("[data-interactive]").GetAttributeAsync("data-interactive"));
        await page.GetByTestId("kpi-risk-tier").SelectOptionAsync(new SelectOptionValue { Label = "High risk" });
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/kpis\\?riskTier=High$"));
        await Expect(page.GetByTestId("kpi-scope")).ToContainTextAsync("risk tier: High risk");
        await Expect(page.GetByTestId("kpi-risk-tier")).ToHaveValueAsync("High");

        // Figures come from a snapshot (up to a minute old); a change made by another instance, straight in the database,
        // shows once the snapshot expires, or at once with Refresh, on the same filter.
        var models = page.GetByTestId("kpi-models-link");
        var before = int.Parse(await models.InnerTextAsync(), System.Globalization.CultureInfo.CurrentCulture);
        Assert.Equal(1, await browser.Portal.Database.ExecuteAsync(
            "UPDATE \"Models\" SET \"RiskTier\" = 'High' WHERE \"Id\" = (SELECT MIN(\"Id\") FROM \"Models\" WHERE \"RiskTier\" <> 'High')"));
        await page.ReloadAsync();
        await Expect(models).ToHaveTextAsync(before.ToString(System.Globalization.CultureInfo.CurrentCulture));
        await page.GetByTestId("kpi-refresh").ClickAsync();
        await Expect(models).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.CurrentCulture));
        await Expect(page.GetByTestId("kpi-scope")).ToContainTextAsync("risk tier: High risk");
        var count = int.Parse(await page.GetByTestId("kpi-in-production-link").InnerTextAsync(), System.Globalization.CultureInfo.CurrentCulture);

        await page.GetByTestId("kpi-in-production-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/models\\?kpi=in-production&riskTier=High"));
        await Expect(page.GetByTestId("kpi-drill-down")).ToContainTextAsync("models in production");
        await Expect(page.Locator(".mud-table-body tr.mud-table-row")).ToHaveCountAsync(count);
        await Expect(page.Locator(".mud-table-body")).ToContainTextAsync("Production");
        await Expect(page.Locator(".mud-table-body")).Not.ToContainTextAsync("Medium");

        await page.GetByTestId("kpi-drill-clear").ClickAsync();
        await Expect(page.GetByTestId("kpi-drill-down")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_inventory_a_figure_opens_fits_a_1440_pixel_screen_with_the_navigation_open()
    {
        var page = await browser.SignedInPageAsync("Min-jun Lee");
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync("/models");
        await Interactivity.WaitAsync(page);
        await Expect(page.Locator(".mud-table-body tr.mud-table-row")).ToHaveCountAsync(25);

        var (scroll, client) = await page.Locator(".inventory-grid .mud-table-container").EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]") switch { var w => (w[0], w[1]) };

        Assert.True(scroll <= client, $"the grid is {scroll} px wide in {client} px: its last columns are cut off");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "In production" })).ToBeInViewportAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Validation due" })).ToBeInViewportAsync();
    }

    [Fact]
    public async Task Clicking_a_bar_opens_the_models_behind_it()
    {
        var page = await browser.SignedInPageAsync("Min-jun Lee");
        await page.GotoAsync("/kpis");
        await Interactivity.WaitAsync(page);

        // The portfolio chart's bars follow its axis: click the Production bar where it is drawn (Plotly's drag layer
        // lies over the bars and picks the bar under the pointer, as it does for a person's click).
        var chart = page.GetByTestId("kpi-portfolio-chart");
        await Expect(chart.Locator(".xtick text").First).ToBeVisibleAsync();
        var stages = await chart.Locator(".xtick text").AllTextContentsAsync();
        var bar = chart.Locator(".trace.bars .point path").Nth(stages.ToList().IndexOf("Production"));
        await bar.ScrollIntoViewIfNeededAsync();
        var box = await bar.BoundingBoxAsync();
        Assert.NotNull(box);

        // The click subscription is made once Plotly has drawn; a click before that does nothing, so try a few times.
        for (var attempt = 0; attempt < 10 && !page.Url.Contains("/models", StringComparison.Ordinal); attempt++)
        {
            await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
            await page.WaitForTimeoutAsync(300);
        }

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/models\\?stage=Production$"));
        await Expect(page.Locator(".mud-table-body tr.mud-table-row").First).ToContainTextAsync("Production");
    }

    [Fact]
    public async Task The_dashboard_can_be_read_and_followed_with_the_keyboard_alone()
    {
        var page = await browser.SignedInPageAsync("Min-jun Lee");
        await page.GotoAsync("/kpis");
        await Interactivity.WaitAsync(page);

        // Tab from the top of the page to the "models with open alerts" figure and follow it with Enter.
        var target = page.GetByTestId("kpi-open-alerts-link");
        for (var i = 0; i < 60 && !await target.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(target).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("kpi=open-alerts"));
        await Expect(page.GetByTestId("kpi-drill-down")).ToContainTextAsync("production models with open alerts");
    }
}
