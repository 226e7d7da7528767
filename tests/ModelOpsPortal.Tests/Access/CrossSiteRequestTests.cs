using System.Net;
using System.Text.Json;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Access;

/// <summary>
/// A browser sends the portal's sign-in cookie with a form another site posts. Unsafe requests authenticated by the cookie
/// must come from the portal's own pages (issue #23); redirect targets with control characters go to "/" instead of
/// answering 500.
/// </summary>
[Trait("Category", "Database")]
public sealed class CrossSiteRequestTests : IDisposable
{
    private readonly PortalFactory portal = new(environment: "Development");

    public void Dispose() => portal.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Post(string path, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Remove("Origin");
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return request;
    }

    [Fact]
    public async Task A_bodyless_post_from_another_site_is_refused_even_with_the_cookie()
    {
        var browser = await portal.SignedInClientAsync("hana.kim");
        browser.DefaultRequestHeaders.Remove("Origin");

        var crossSite = await browser.SendAsync(Post("/api/requests/999/withdraw", "https://evil.example"), Ct);
        var noOrigin = await browser.SendAsync(Post("/api/requests/999/withdraw", null), Ct);
        var signOut = await browser.SendAsync(Post("/signout", "https://evil.example"), Ct);
        var sameSite = await browser.SendAsync(Post("/api/requests/999/withdraw", "http://localhost"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        var problem = JsonDocument.Parse(await crossSite.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("Cross-site request refused", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, noOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, sameSite.StatusCode); // through the guard to the endpoint: no request 999
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me", Ct)).StatusCode); // still signed in
    }

    [Fact]
    public async Task A_pipeline_with_an_api_key_is_not_asked_for_an_origin()
    {
        using var pipeline = portal.CreateClient(ModelOpsPortal.Infrastructure.Auth.PortalRoles.DataScientist);

        var response = await pipeline.PostAsync("/api/requests/999/withdraw", null, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/culture?name=ko-KR&redirectUri=/%09/evil.example")]
    [InlineData("/culture?name=ko-KR&redirectUri=/models%0d%0aSet-Cookie:%20x=1")]
    [InlineData("/signin?returnUrl=/%0a/evil.example")]
    public async Task A_redirect_target_with_control_characters_goes_home(string path)
    {
        var client = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.True(location == "/" || location.EndsWith("returnUrl=%2F", StringComparison.Ordinal), location);
    }
}
