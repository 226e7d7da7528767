using System.Resources;
using System.Runtime.CompilerServices;
using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Features.Access;

/// <summary>Validation messages of sign-in and API keys, in the current UI culture (AccessMessages.resx, .ko.resx).</summary>
public static class AccessMessages
{
    private static readonly ResourceManager Resources = new(typeof(AccessMessages));

    public static string OwnerRequired => Get();
    public static string NoValidatorKeys => Get();
    public static string RoleNotHeld => Get();
    public static string RolesRequired => Get();
    public static string ExpiryRange => Get();

    public static string Format(string text, params object?[] args) => ResourceText.Format(text, args);

    private static string Get([CallerMemberName] string key = "") => ResourceText.Get(Resources, key);
}
