using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ModelOpsPortal.Features.Access.ApiKeys;
using ModelOpsPortal.Features.Access;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// The whole portal over real HTTP, on its own database (a SQLite file, or a fresh server database when the run is on one:
/// <see cref="TestProvider"/>). In "Testing" it runs as in production (an OpenID
/// provider is configured but never reached; callers use API keys of configured service accounts); in
/// "Development" the development sign-in is on, for page tests that sign in as a demo user.
/// </summary>
/// <param name="fixedClock">
/// Tests see a fixed "now" (<see cref="TestDatabase.Now"/>). A browser talking to a real identity provider needs
/// the real clock: cookies the portal dates in the past would be dropped by the browser at once.
/// </param>
/// <param name="seedDemoMonitoring">With the demo portfolio, also its monitoring history (slower; for pages that show charts and alerts).</param>
/// <param name="postgres">A PostgreSQL connection string (<see cref="PostgresCluster"/>): the portal runs on it instead of its SQLite file.</param>
public sealed partial class PortalFactory(bool seedDemoData = false, string environment = "Testing", IReadOnlyDictionary<string, string>? settings = null,
    bool fixedClock = true, bool seedDemoMonitoring = false, string? postgres = null) : WebApplicationFactory<Program>
{
    private readonly TestDatabase database = postgres is null ? new() : new(postgres);

    public TestDatabase Database => database;

    /// <summary>Everything the portal logged at Information and above.</summary>
    public LogSink Logs { get; } = new();

    /// <summary>The key of the configured service account that holds exactly <paramref name="role"/>.</summary>
    public static string KeyFor(string role) => $"test-key-for-{role}";

    /// <summary>Starts the portal on real Kestrel on loopback (a free port unless given), for a browser; returns its address.</summary>
    public Uri StartKestrel(int port = 0)
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address);
    }

    public const string SecondValidator = "second-validator";
    public const string ScientistValidator = "scientist-validator";

    private static readonly (string Name, string[] Roles)[] ExtraAccounts =
    [
        (SecondValidator, [PortalRoles.Validator]),
        (ScientistValidator, [PortalRoles.DataScientist, PortalRoles.Validator]),
    ];

    /// <summary>A client that calls as the named extra account (<see cref="SecondValidator"/>, <see cref="ScientistValidator"/>).</summary>
    public HttpClient CreateClientAs(string account)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KeyFor(account));
        return client;
    }

    /// <summary>A client that calls as the service account holding <paramref name="role"/>.</summary>
    public HttpClient CreateClient(string role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KeyFor(role));
        return client;
    }

    /// <summary>A browser-like client (cookies, no redirects followed) signed in as a demo user (Development only).</summary>
    public async Task<HttpClient> SignedInClientAsync(string userId)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync(AuthSetup.DevelopmentSignInPath);
        var token = AntiforgeryToken(page);
        var response = await client.PostAsync(AuthSetup.DevelopmentSignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["user"] = userId,
            ["returnUrl"] = "/",
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Development sign-in as {userId} answered {(int)response.StatusCode}.");
        }

        // As a browser on the portal's own pages does: its posts name the portal's origin (CrossSiteGuard).
        client.DefaultRequestHeaders.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        // Outside Development the host does not read the build's static web assets (blazor.web.js, MudBlazor).
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Portal", database.ConnectionString);
        builder.UseSetting("Portal:SeedDemoData", seedDemoData ? "true" : "false");
        builder.UseSetting("Portal:SeedDemoMonitoring", seedDemoMonitoring ? "true" : "false");
        // Tests call the API far faster than any budget; WebEdgeTests sets one to see it enforced.
        builder.UseSetting("RateLimiting:PermitsPerWindow", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (environment != "Development" && settings?.ContainsKey("Auth:Oidc:Authority") != true)
        {
            UseUnreachableProvider(builder);
        }

        for (var i = 0; i < PortalRoles.All.Count; i++)
        {
            var role = PortalRoles.All[i];
            builder.UseSetting($"Portal:ServiceAccounts:{i}:Name", $"{role.ToLowerInvariant()}-pipeline");
            builder.UseSetting($"Portal:ServiceAccounts:{i}:Roles:0", role);
            builder.UseSetting($"Portal:ServiceAccounts:{i}:KeySha256", ApiKeyService.Hash(KeyFor(role)));
        }

        // People for separation-of-duties tests: a second validator, and someone who is both data scientist and validator.
        for (var j = 0; j < ExtraAccounts.Length; j++)
        {
            var (name, roles) = ExtraAccounts[j];
            var index = PortalRoles.All.Count + j;
            builder.UseSetting($"Portal:ServiceAccounts:{index}:Name", name);
            for (var r = 0; r < roles.Length; r++)
            {
                builder.UseSetting($"Portal:ServiceAccounts:{index}:Roles:{r}", roles[r]);
            }

            builder.UseSetting($"Portal:ServiceAccounts:{index}:KeySha256", ApiKeyService.Hash(KeyFor(name)));
        }

        builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(SqlServerQueryCheck.Instance));
        if (fixedClock)
        {
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(TestDatabase.Now)));
        }
    }

    /// <summary>
    /// Outside Development the portal needs an OpenID provider to start. Tests that call with API keys never reach
    /// it, so an address that cannot resolve will do.
    /// </summary>
    public static void UseUnreachableProvider(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Auth:Oidc:Authority", "https://login.invalid/realms/modelops");
        builder.UseSetting("Auth:Oidc:ClientId", "modelops-portal");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            database.Dispose();
        }
    }

    /// <summary>The antiforgery token of the (first) form on a page.</summary>
    public static string AntiforgeryToken(string html) => HiddenValue().Match(AntiforgeryInput().Match(html).Value).Groups[1].Value;

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex HiddenValue();
}
