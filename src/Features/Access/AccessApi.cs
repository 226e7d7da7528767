using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Features.Access;

/// <summary>Sign-in, sign-out and "who am I".</summary>
public static class AccessApi
{
    /// <param name="Id">The caller's stable id (the provider's object id or subject; <c>svc:name</c> for an API key): enter it where a name is shared.</param>
    public sealed record Me(string Name, string? Id, IReadOnlyList<string> Roles, string AuthenticationMethod);

    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", GetMe).RequireAuthorization(Policies.SignedIn).WithTags("Access").WithName("GetMe")
            .WithSummary("The caller's name, stable id and portal roles, and how they signed in (cookie or API key).");

        // Sign-in and sign-out are for browsers: no API description.
        app.MapGet("/signin", SignIn).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signout", SignOut).RequireAuthorization(Policies.SignedIn).ExcludeFromDescription();
        if (app.ServiceProvider.GetRequiredService<SignInMode>().DevelopmentSignIn)
        {
            app.MapPost(AuthSetup.DevelopmentSignInPath, DevelopmentSignIn).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    public static Ok<Me> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new Me(
            user.Identity?.Name ?? "",
            ActorName.IdOf(user),
            [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct().Order(StringComparer.Ordinal)],
            user.HasClaim(ApiKeys.ApiKeyAuthenticationHandler.AuthenticationMethodClaim, "api_key") ? "ApiKey" : "Cookie"));

    /// <summary>Starts sign-in: the OpenID provider, or the development sign-in page.</summary>
    public static IResult SignIn(string? returnUrl, SignInMode mode)
    {
        var target = LocalUrl.OrRoot(returnUrl);
        return mode.DevelopmentSignIn
            ? TypedResults.LocalRedirect($"{AuthSetup.DevelopmentSignInPath}?returnUrl={Uri.EscapeDataString(target)}")
            : TypedResults.Challenge(new AuthenticationProperties { RedirectUri = target }, [OpenIdConnectDefaults.AuthenticationScheme]);
    }

    /// <summary>Ends the portal session and, with OpenID Connect, the provider's session too.</summary>
    public static IResult SignOut(SignInMode mode) =>
        mode.DevelopmentSignIn
            ? TypedResults.SignOut(new AuthenticationProperties { RedirectUri = AuthSetup.DevelopmentSignInPath }, [CookieAuthenticationDefaults.AuthenticationScheme])
            : TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);

    public static async Task<IResult> DevelopmentSignIn([FromForm] string user, [FromForm] string? returnUrl, HttpContext http, PeopleDirectory people)
    {
        var demo = DevelopmentUsers.Find(user);
        if (demo is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown demo user",
                detail: $"'{user}' is not a demo user; choose one of: {string.Join(", ", DevelopmentUsers.All.Select(u => u.Id))}.");
        }

        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, demo.Id));
        identity.AddClaim(new Claim(ClaimTypes.Name, demo.Name));
        identity.AddClaims(demo.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(identity);
        await people.RecordSignInAsync(principal, http.RequestAborted);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return TypedResults.LocalRedirect(LocalUrl.OrRoot(returnUrl));
    }
}
