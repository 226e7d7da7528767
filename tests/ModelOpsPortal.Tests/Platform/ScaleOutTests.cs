using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Features.Access;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>Two portal instances on one database, as behind a load balancer without sticky sessions.</summary>
[Trait("Category", "Database")]
public sealed class ScaleOutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient Browser(PortalFactory instance) =>
        instance.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>The name=value pairs of the response's cookies, as a Cookie header sends them back.</summary>
    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    [Fact]
    public async Task A_form_token_and_a_sign_in_from_one_instance_are_accepted_by_another_sharing_the_key_ring_in_the_database()
    {
        using var first = new PortalFactory(environment: "Development");
        using var second = new PortalFactory(environment: "Development",
            settings: new Dictionary<string, string> { ["ConnectionStrings:Portal"] = first.Database.ConnectionString });
        using var toFirst = Browser(first);
        using var toSecond = Browser(second);

        // The sign-in form (and its antiforgery cookie) from the first instance ...
        using var form = await toFirst.GetAsync(AuthSetup.DevelopmentSignInPath, Ct);
        var token = PortalFactory.AntiforgeryToken(await form.Content.ReadAsStringAsync(Ct));
        var antiforgery = Cookies(form);
        Assert.NotEmpty(antiforgery);

        // ... is posted to the second, which accepts it and signs in.
        using var post = new HttpRequestMessage(HttpMethod.Post, AuthSetup.DevelopmentSignInPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["user"] = "hana.kim", ["returnUrl"] = "/models" }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var signedIn = await toSecond.SendAsync(post, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Cookies(signedIn);

        // The first instance honours the second's sign-in cookie.
        using var page = new HttpRequestMessage(HttpMethod.Get, "/models");
        page.Headers.Add("Cookie", session);
        using var inventory = await toFirst.SendAsync(page, Ct);
        Assert.Equal(HttpStatusCode.OK, inventory.StatusCode);
        Assert.Contains("Hana Kim", await inventory.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Without the cookie the same page sends the visitor to sign in: the cookie is what carried it.
        using var anonymous = await toFirst.GetAsync("/models", Ct);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);

        // One key ring, in the database.
        await using var db = first.Database.CreateDbContext();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync(Ct));
    }

    [Fact]
    public async Task Two_instances_starting_together_on_an_empty_database_seed_the_demo_portfolio_once_and_both_start()
    {
        using var first = new PortalFactory(seedDemoData: true);
        using var second = new PortalFactory(seedDemoData: true,
            settings: new Dictionary<string, string> { ["ConnectionStrings:Portal"] = first.Database.ConnectionString });

        // Starting a factory runs the portal's start-up: migrate, then seed when the database is empty.
        await Task.WhenAll(Task.Run(() => first.Services, Ct), Task.Run(() => second.Services, Ct));

        await using var db = first.Database.CreateDbContext();
        Assert.Equal(ModelOpsPortal.Infrastructure.DemoData.DemoPortfolio.Build(TestDatabase.Now.UtcDateTime).Count, await db.Models.CountAsync(Ct));
        using var one = first.CreateClient(PortalRoles.Auditor);
        using var other = second.CreateClient(PortalRoles.Auditor);
        Assert.Equal(HttpStatusCode.OK, (await one.GetAsync("/api/models", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/models", Ct)).StatusCode);
    }
}
