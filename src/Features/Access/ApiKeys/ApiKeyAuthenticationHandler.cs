using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ModelOpsPortal.Features.Access.ApiKeys;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> for pipelines. Also the scheme that answers the API's challenges
/// and refusals: 401 and 403 as ProblemDetails, never a redirect to a sign-in page.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AuthenticationMethodClaim = "amr";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var holder = await keys.ValidateAsync(header["Bearer ".Length..], Context.RequestAborted);
        if (holder is null)
        {
            return AuthenticateResult.Fail("The API key is unknown, expired or revoked.");
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, holder.Name));
        // A service account's stable id is its name under the svc: prefix, apart from people's subject ids.
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, ApiKeyService.ServiceAccountId(holder.Name)));
        identity.AddClaim(new Claim(AuthenticationMethodClaim, "api_key"));
        identity.AddClaims(holder.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var presented = Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        return WriteAsync("Authentication required", presented
            ? "The API key is unknown, expired or revoked. Ask an Admin for a valid key."
            : "Send an API key as 'Authorization: Bearer <key>', or sign in to the portal.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteAsync("Forbidden", "Your roles do not allow this request.");
    }

    private Task WriteAsync(string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = Response.StatusCode, Title = title, Detail = detail },
        }).AsTask();
}
