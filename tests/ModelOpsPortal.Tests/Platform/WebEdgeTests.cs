using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>What every response carries and how the portal defends itself: security headers, correlation ids, errors without internals, the API's rate limit.</summary>
[Trait("Category", "Database")]
public sealed partial class WebEdgeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Directives(HttpResponseMessage response) =>
        string.Join(";", response.Headers.GetValues("Content-Security-Policy")).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Contains(' ', StringComparison.Ordinal) ? d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..] : "");

    private static void AssertHardened(HttpResponseMessage response)
    {
        var csp = Directives(response);
        Assert.Equal("'self'", csp["default-src"]);
        Assert.DoesNotContain("unsafe-eval", csp["script-src"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp["script-src"], StringComparison.Ordinal);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_and_the_api_carry_the_security_headers_and_the_page_shell_runs_only_its_nonced_import_map()
    {
        using var portal = new PortalFactory(environment: "Development");
        using var browser = await portal.SignedInClientAsync("min-jun.lee");
        using var page = await browser.GetAsync("/kpis", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertHardened(page);
        var html = await page.Content.ReadAsStringAsync(Ct);
        var nonce = ImportMapNonce().Match(html).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Equal($"'self' 'nonce-{WebUtility.HtmlDecode(nonce)}'", Directives(page)["script-src"]);
        // Every other script is a file of the portal's own.
        Assert.All(ScriptTag().Matches(html).Where(m => !m.Value.Contains("importmap", StringComparison.Ordinal)),
            m => Assert.Contains(" src=\"", m.Value, StringComparison.Ordinal));

        // A new nonce per response.
        using var again = await browser.GetAsync("/kpis", Ct);
        Assert.NotEqual(Directives(page)["script-src"], Directives(again)["script-src"]);

        using var api = portal.CreateClient(PortalRoles.Executive);
        using var json = await api.GetAsync("/api/kpis", Ct);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        AssertHardened(json);
        using var missing = await api.GetAsync("/api/models/999999", Ct);
        AssertHardened(missing);
    }

    [Fact]
    public async Task Each_request_has_a_correlation_id_the_caller_may_choose_but_not_forge()
    {
        using var portal = new PortalFactory();
        using var api = portal.CreateClient(PortalRoles.Executive);

        using var chosen = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        chosen.Headers.Add("X-Correlation-Id", "batch-2026-11-28.7");
        using var echoed = await api.SendAsync(chosen, Ct);
        Assert.Equal("batch-2026-11-28.7", echoed.Headers.GetValues("X-Correlation-Id").Single());

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        forged.Headers.TryAddWithoutValidation("X-Correlation-Id", "x\" injected=\"yes");
        using var replaced = await api.SendAsync(forged, Ct);
        Assert.Matches("^[0-9a-f]{32}$", replaced.Headers.GetValues("X-Correlation-Id").Single());

        // Problem answers name the same id: a plain 404, a validation 400, an authentication 401.
        using var notFound = await api.GetAsync("/api/models/999999", Ct);
        using var invalid = await api.GetAsync("/api/kpis?riskTier=Extreme", Ct);
        using var anonymous = await portal.CreateClient().GetAsync("/api/kpis", Ct);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized), (notFound.StatusCode, invalid.StatusCode, anonymous.StatusCode));
        foreach (var answer in new[] { notFound, invalid, anonymous })
        {
            var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal(answer.Headers.GetValues("X-Correlation-Id").Single(), problem.GetProperty("correlationId").GetString());
        }
    }

    [Fact]
    public async Task An_unexpected_failure_shows_its_correlation_id_and_no_internals_outside_development()
    {
        using var portal = new PortalFactory();
        using var failing = portal.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, FailingEndpoints>()));
        using var api = failing.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", PortalFactory.KeyFor(PortalRoles.Executive));

        using var apiFailure = await api.GetAsync("/api/test-failure", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, apiFailure.StatusCode);
        Assert.Equal("application/problem+json", apiFailure.Content.Headers.ContentType?.MediaType);
        var body = await apiFailure.Content.ReadAsStringAsync(Ct);
        var id = apiFailure.Headers.GetValues("X-Correlation-Id").Single();
        Assert.Equal(id, JsonDocument.Parse(body).RootElement.GetProperty("correlationId").GetString());
        Assert.DoesNotContain(FailingEndpoints.Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);

        using var pageFailure = await failing.CreateClient().GetAsync("/test-failure", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, pageFailure.StatusCode);
        var html = await pageFailure.Content.ReadAsStringAsync(Ct);
        Assert.Contains(pageFailure.Headers.GetValues("X-Correlation-Id").Single(), html, StringComparison.Ordinal);
        Assert.DoesNotContain(FailingEndpoints.Secret, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_caller_gets_its_own_api_budget_and_429_with_retry_after_beyond_it()
    {
        using var portal = new PortalFactory(settings: new Dictionary<string, string>
        {
            ["RateLimiting:PermitsPerWindow"] = "3",
            ["RateLimiting:WindowSeconds"] = "600",
        });
        using var executive = portal.CreateClient(PortalRoles.Executive);
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await executive.GetAsync("/api/me", Ct);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await executive.GetAsync("/api/me", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());

        // Another pipeline's key has its own budget; pages are not counted.
        using var auditor = portal.CreateClient(PortalRoles.Auditor);
        using var other = await auditor.GetAsync("/api/me", Ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        using var health = await portal.CreateClient().GetAsync("/health/live", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>Endpoints that throw, added after the portal's own pipeline for the failure test.</summary>
    private sealed class FailingEndpoints : IStartupFilter
    {
        public const string Secret = "connection string with Password=hunter2";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext http, RequestDelegate rest) => http.Request.Path.Value is "/api/test-failure" or "/test-failure"
                ? throw new InvalidOperationException(Secret)
                : rest(http));
        };
    }

    [GeneratedRegex("<script type=\"importmap\" nonce=\"([^\"]+)\">")]
    private static partial Regex ImportMapNonce();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    /// <summary>
    /// Behind a TLS-terminating proxy the portal must know the request was HTTPS (HSTS, secure cookies, redirect URIs), but only
    /// when a trusted proxy says so. Real Kestrel, so the request has a remote address (127.0.0.1) to check.
    /// </summary>
    [Theory]
    [InlineData("true", "127.0.0.1", true)]
    [InlineData("true", "10.9.9.9", false)]
    [InlineData("false", "127.0.0.1", false)]
    public async Task Forwarded_https_is_believed_only_from_a_configured_proxy(string enabled, string proxy, bool believed)
    {
        using var portal = new PortalFactory(settings: new Dictionary<string, string>
        {
            ["ForwardedHeaders:Enabled"] = enabled,
            ["ForwardedHeaders:KnownProxies:0"] = proxy,
        });
        using var client = new HttpClient { BaseAddress = portal.StartKestrel() };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = "portal.example.com"; // HSTS is never sent for localhost
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(believed, response.Headers.Contains("Strict-Transport-Security"));
    }
}
