using System.Security.Claims;

namespace ModelOpsPortal.Infrastructure.Auth;

public static class ActorName
{
    /// <summary>Who a change is recorded under: the signed-in person, or the API key's owner.</summary>
    public static string Of(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";
}
