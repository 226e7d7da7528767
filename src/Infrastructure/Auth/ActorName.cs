using System.Security.Claims;

namespace ModelOpsPortal.Infrastructure.Auth;

public static class ActorName
{
    /// <summary>Who a change is recorded under: the signed-in person, or the API key's owner.</summary>
    public static string Of(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";

    /// <summary>
    /// The signed-in person's stable id: the provider's object id (<c>oid</c>, with its tenant <c>tid</c> when given, as
    /// Microsoft Entra recommends), otherwise the subject (<c>sub</c>), otherwise the name identifier the development
    /// sign-in and API keys set. Null for an anonymous caller.
    /// </summary>
    public static string? IdOf(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true })
        {
            return null;
        }

        if (user.FindFirst("oid")?.Value is { Length: > 0 } oid)
        {
            return user.FindFirst("tid")?.Value is { Length: > 0 } tid ? $"{tid}/{oid}" : oid;
        }

        return user.FindFirst("sub")?.Value is { Length: > 0 } sub ? sub
            : user.FindFirst(ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } id ? id
            : null;
    }
}
