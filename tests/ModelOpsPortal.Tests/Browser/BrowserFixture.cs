using Microsoft.Playwright;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Browser;

/// <summary>
/// The portal on Kestrel and a headless Chromium driving it. Uses the machine's Chromium (Debian's
/// <c>/usr/bin/chromium</c>, or <c>CHROMIUM_PATH</c>); where there is none, Playwright installs its own once.
/// </summary>
public abstract class PortalBrowser(bool seedDemoData) : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;

    /// <summary>Development: people sign in through the development sign-in page, as on a newcomer's machine.</summary>
    public PortalFactory Portal { get; } = new(seedDemoData, environment: "Development");
    public Uri BaseAddress { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        BaseAddress = Portal.StartKestrel();
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path
            : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
        if (chromium is null && Microsoft.Playwright.Program.Main(["install", "chromium"]) != 0)
        {
            throw new InvalidOperationException("No Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Args = ChromiumArgs });
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

/// <summary>The portal with the demo portfolio.</summary>
public sealed class SeededBrowserFixture() : PortalBrowser(seedDemoData: true);
