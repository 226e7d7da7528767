using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Access;

/// <summary>
/// A real OpenID Connect provider (npm oidc-provider, tests/oidc-provider) on loopback, the portal on Kestrel
/// configured against it, and Chromium signing in through the provider's own login page.
/// </summary>
public sealed class OidcProviderFixture : IAsyncLifetime
{
    private static readonly string ProviderFolder = Path.Combine(RepositoryFiles.Root, "tests", "oidc-provider");
    private Process? provider;
    private IPlaywright? playwright;

    public Uri Portal { get; private set; } = default!;
    public Uri Authority { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    private PortalFactory? portalFactory;

    /// <summary>The portal's services (its database), for checking what a sign-in recorded.</summary>
    public IServiceProvider Services => portalFactory!.Services;

    public async ValueTask InitializeAsync()
    {
        var portalPort = LoopbackApp.FreePort();
        var providerPort = LoopbackApp.FreePort();
        Portal = new Uri($"http://127.0.0.1:{portalPort}");
        Authority = new Uri($"http://127.0.0.1:{providerPort}");
        await NodePackages.EnsureAsync("oidc-provider", "oidc-provider");
        provider = Process.Start(new ProcessStartInfo("node", ["server.mjs", providerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Portal.ToString().TrimEnd('/')])
        {
            WorkingDirectory = ProviderFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await WaitForAsync(new Uri(Authority, ".well-known/openid-configuration"));

        // Development keeps cookies usable over plain HTTP; with a provider configured there is no development sign-in.
        portalFactory = new PortalFactory(seedDemoData: true, environment: "Development", settings: new Dictionary<string, string>
        {
            ["Auth:Oidc:Authority"] = Authority.ToString().TrimEnd('/'),
            ["Auth:Oidc:ClientId"] = "modelops-portal",
            ["Auth:Oidc:ClientSecret"] = "test-only-secret",
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
            ["Auth:Oidc:Scopes:0"] = "openid",
            ["Auth:Oidc:Scopes:1"] = "profile",
            ["Auth:Oidc:Scopes:2"] = "roles",
            ["Auth:Oidc:RoleClaim"] = "roles",
        }, fixedClock: false);
        portalFactory.StartKestrel(portalPort);

        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (portalFactory is not null)
        {
            await portalFactory.DisposeAsync();
        }

        if (provider is { HasExited: false })
        {
            provider.Kill(entireProcessTree: true);
        }

        provider?.Dispose();
    }

    private static async Task WaitForAsync(Uri url)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not up yet
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The OpenID provider did not start at {url}.");
    }
}

public sealed class OidcSignInTests(OidcProviderFixture oidc) : IClassFixture<OidcProviderFixture>
{
    [Fact]
    public async Task A_validator_signs_in_through_the_provider_sees_validator_ui_and_signs_out_of_both()
    {
        var context = await oidc.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = oidc.Portal.ToString(), Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        // Not signed in: the portal sends the browser to the provider's login page.
        await page.GotoAsync("/models");
        Assert.StartsWith(oidc.Authority.ToString(), page.Url, StringComparison.Ordinal);
        await page.Locator("input[name=login]").FillAsync("valerie");
        await page.Locator("input[name=password]").FillAsync("any-password");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator("button[type=submit]", new() { HasText = "Continue" }).ClickAsync(); // consent

        // Back in the portal as a Validator.
        await page.WaitForURLAsync(url => url.StartsWith(oidc.Portal.ToString(), StringComparison.Ordinal) && url.Contains("/models", StringComparison.Ordinal));
        await Interactivity.WaitAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Model inventory" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Valerie Validator");
        var me = await (await page.APIRequest.GetAsync("/api/me")).JsonAsync();
        Assert.Equal(["Validator"], me!.Value.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        // Known by the provider's subject from now on, with the name it gave (issue #23: people by stable id).
        Assert.Equal("valerie", me.Value.GetProperty("id").GetString());
        await using (var db = await oidc.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            Assert.Equal("Valerie Validator", (await db.People.SingleAsync(p => p.Id == "valerie", TestContext.Current.CancellationToken)).DisplayName);
        }

        // A validator reads the inventory but is not offered registration (a data scientist's action).
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Register a model" })).ToHaveCountAsync(0);
        await page.GotoAsync("/models/new");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You do not have access to this page" })).ToBeVisibleAsync();

        // Sign-out ends the portal session and the provider's.
        await page.GotoAsync("/models");
        await Interactivity.WaitAsync(page);
        await page.GetByTestId("signed-in-user").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(oidc.Authority.ToString(), StringComparison.Ordinal));
        await page.Locator("button[autofocus], button[type=submit]").First.ClickAsync(); // "Yes, sign me out"
        await page.GotoAsync("/models");
        Assert.StartsWith(oidc.Authority.ToString(), page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("input[name=login]")).ToBeVisibleAsync(); // the provider asks again: its session ended too
        await context.CloseAsync();
    }
}
