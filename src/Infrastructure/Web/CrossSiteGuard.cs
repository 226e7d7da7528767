using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Primitives;

namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>
/// A browser sends the sign-in cookie with any form another site posts to the portal, and SameSite=Lax is the only thing
/// that stops it for a bodyless POST (<c>/api/requests/{id}/withdraw</c>, <c>/signout</c>). So an unsafe request (POST,
/// PUT, PATCH, DELETE) to the API or to sign-out that is authenticated by the cookie must come from the portal itself:
/// an <c>Origin</c> header naming the portal's own origin (browsers send it with every POST) or, without one,
/// <c>Sec-Fetch-Site: same-origin</c>; failing those, a valid antiforgery token. Otherwise 403 ProblemDetails. Pipelines calling
/// with an API key carry no ambient credentials and are not affected.
/// </summary>
public sealed class CrossSiteGuard(RequestDelegate next, IAntiforgery antiforgery)
{
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Guarded(http) && !await FromThePortalAsync(http))
        {
            await ApiResults.WriteProblemAsync(http, StatusCodes.Status403Forbidden, "Cross-site request refused",
                "This request carried the portal's sign-in cookie but did not come from the portal's own pages (no same-origin Origin header and no antiforgery token). Pipelines call with an API key instead.");
            return;
        }

        await next(http);
    }

    private static bool Guarded(HttpContext http) =>
        !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method)
        && (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/signout"))
        && http.User.Identity?.IsAuthenticated == true
        // A request with a Bearer key is authenticated by that key alone (AuthSetup's scheme selector), which no other
        // site can make a browser send.
        && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private async Task<bool> FromThePortalAsync(HttpContext http)
    {
        var origin = http.Request.Headers.Origin;
        if (!StringValues.IsNullOrEmpty(origin))
        {
            if (string.Equals(origin.ToString(), $"{http.Request.Scheme}://{http.Request.Host}", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        else if (http.Request.Headers["Sec-Fetch-Site"].ToString() is "same-origin")
        {
            return true;
        }

        // A form of the portal's own (sign-out) carries the token; no other site can read one, so it is proof enough even
        // where a proxy left the origin looking foreign.
        return await antiforgery.IsRequestValidAsync(http);
    }
}
