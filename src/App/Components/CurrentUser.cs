using Microsoft.AspNetCore.Components.Authorization;

namespace ModelOpsPortal.App.Components;

/// <summary>The signed-in user's name for "created by" fields; "anonymous" until sign-in is configured.</summary>
public static class CurrentUser
{
    public static async Task<string> NameAsync(Task<AuthenticationState>? state)
    {
        if (state is null)
        {
            return "anonymous";
        }

        var user = (await state).User;
        return user.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(user.Identity.Name) ? user.Identity.Name : "anonymous";
    }
}
