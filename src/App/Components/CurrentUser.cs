using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using ModelOpsPortal.Infrastructure.Audit;

namespace ModelOpsPortal.App.Components;

/// <summary>The signed-in user, from a page's cascading authentication state.</summary>
public static class CurrentUser
{
    /// <summary>Who a change is recorded under (name for "created by" fields, name and roles for the audit log).</summary>
    public static async Task<Actor> ActorAsync(Task<AuthenticationState>? state) => Actor.Of(state is null ? null : (await state).User);

    /// <summary>
    /// The signed-in user when they satisfy <paramref name="policy"/>, else null. Components hide actions a user may
    /// not take; this is the server-side check they make before acting anyway.
    /// </summary>
    public static async Task<ClaimsPrincipal?> AllowedAsync(this IAuthorizationService authorization, Task<AuthenticationState>? state, string policy)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        var user = state is null ? new ClaimsPrincipal() : (await state).User;
        return (await authorization.AuthorizeAsync(user, policy)).Succeeded ? user : null;
    }
}
