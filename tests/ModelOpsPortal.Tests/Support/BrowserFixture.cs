using Microsoft.Playwright;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Support;

/// <summary>The portal on Kestrel and a headless Chromium driving it.</summary>
public abstract class PortalBrowser(bool seedDemoData, bool seedDemoMonitoring = false) : IAsyncLifetime
{
    private IPlaywright? playwright;

    /// <summary>Development: people sign in through the development sign-in page, as on a newcomer's machine.</summary>
    public PortalFactory Portal { get; } = new(seedDemoData, environment: "Development", seedDemoMonitoring: seedDemoMonitoring);
    public Uri BaseAddress { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        BaseAddress = Portal.StartKestrel();
        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
    }

    /// <summary>A fresh browser profile whose language is <paramref name="locale"/> (its Accept-Language).</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            TimezoneId = "Asia/Seoul",
            Locale = locale,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>A browser signed in as a demo user through the development sign-in page.</summary>
    public async Task<IPage> SignedInPageAsync(string userName, string locale = "en-US")
    {
        var page = await NewPageAsync(locale);
        await page.GotoAsync("/dev/sign-in");
        await page.Locator($"button[value='{DevelopmentUserId(userName)}']").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/dev/sign-in", StringComparison.Ordinal));
        return page;
    }

    private static string DevelopmentUserId(string userName) =>
        ModelOpsPortal.Infrastructure.Auth.DevelopmentUsers.All.Single(u => u.Name == userName).Id;

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Portal.DisposeAsync();
    }
}

/// <summary>An empty portal, as a new installation has.</summary>
public sealed class BrowserFixture() : PortalBrowser(seedDemoData: false);

/// <summary>The portal with the demo portfolio and its monitoring history (charts and alerts on the pages).</summary>
public sealed class SeededBrowserFixture() : PortalBrowser(seedDemoData: true, seedDemoMonitoring: true);
