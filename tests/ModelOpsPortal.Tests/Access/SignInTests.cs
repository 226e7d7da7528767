using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Access;

[Trait("Category", "Database")]
public sealed class SignInTests
{
    [Fact]
    public void Outside_development_without_a_provider_the_portal_refuses_to_start_and_names_the_settings()
    {
        using var portal = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Database:MigrateOnStart", "false");
        });

        var error = Assert.Throws<OptionsValidationException>(() => portal.Services);

        Assert.Contains("Auth__Oidc__Authority", error.Message, StringComparison.Ordinal);
        Assert.Contains("Auth__Oidc__ClientId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_development_sign_in_does_not_exist_outside_development()
    {
        using var portal = new PortalFactory();
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetStringAsync("/dev/sign-in", TestContext.Current.CancellationToken);
        var post = await client.PostAsync("/dev/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "noah.fischer" }),
            TestContext.Current.CancellationToken);

        Assert.DoesNotContain("noah.fischer", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"development-only\"", page, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Redirect, post.StatusCode);
        Assert.DoesNotContain(post.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("ModelOps.Auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_development_sign_in_lists_every_demo_user_clearly_labelled()
    {
        using var portal = new PortalFactory(environment: "Development");

        var page = System.Net.WebUtility.HtmlDecode(await portal.CreateClient().GetStringAsync("/dev/sign-in", TestContext.Current.CancellationToken));

        Assert.Contains("Development only", page, StringComparison.Ordinal);
        Assert.All(DevelopmentUsers.All, u => Assert.Contains($"value=\"{u.Id}\"", page, StringComparison.Ordinal));
        Assert.Contains(DevelopmentUsers.All, u => u.Roles.Contains(PortalRoles.DataScientist) && u.Roles.Contains(PortalRoles.Validator));
        Assert.All(PortalRoles.All, r => Assert.Contains(DevelopmentUsers.All, u => u.Roles.SequenceEqual([r])));
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        using var portal = new PortalFactory(environment: "Development");
        var client = await portal.SignedInClientAsync("hana.kim");
        var html = await client.GetStringAsync("/models/new", TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(
            System.Text.RegularExpressions.Regex.Match(html, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*>").Value, "value=\"([^\"]+)\"").Groups[1].Value;

        var signOut = await client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
            TestContext.Current.CancellationToken);
        var after = await client.GetAsync("/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/dev/sign-in", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_roles_and_groups_become_portal_roles_as_configured()
    {
        var settings = new OidcSettings
        {
            RoleClaim = "groups",
            RoleMapping = new(StringComparer.OrdinalIgnoreCase) { ["model-risk-team"] = [PortalRoles.Validator, "NotARole"], ["board"] = [PortalRoles.Executive] },
        };
        Claim[] claims = [new("groups", "model-risk-team"), new("groups", "[\"board\",\"datascientist\"]"), new("groups", "canteen"), new("other", "Admin")];

        var roles = RoleMapper.Map(claims, settings);

        Assert.Equal([PortalRoles.DataScientist, PortalRoles.Executive, PortalRoles.Validator], roles);
    }
}
