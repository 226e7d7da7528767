using Microsoft.AspNetCore.Components.Authorization;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.App.Components;

/// <summary>The signed-in user's name for "created by" fields, from a page's cascading authentication state.</summary>
public static class CurrentUser
{
    public static async Task<string> NameAsync(Task<AuthenticationState>? state)
    {
        return ActorName.Of(state is null ? null : (await state).User);
    }
}
