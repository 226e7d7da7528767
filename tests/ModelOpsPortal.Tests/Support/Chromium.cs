using Microsoft.Playwright;

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// Headless Chromium for the browser tests: the machine's (Debian's <c>/usr/bin/chromium</c>, or
/// <c>CHROMIUM_PATH</c>); where there is none, Playwright installs its own once.
/// </summary>
public static class Chromium
{
    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path
            : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
        if (executable is null && Microsoft.Playwright.Program.Main(["install", "chromium"]) != 0)
        {
            throw new InvalidOperationException("No Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.");
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Args = Args });
    }
}
