using System.Globalization;
using System.Resources;
using System.Runtime.CompilerServices;

namespace ModelOpsPortal.Features.Access;

/// <summary>Validation messages of sign-in and API keys, in the current UI culture (AccessMessages.resx, .ko.resx).</summary>
public static class AccessMessages
{
    private static readonly ResourceManager Resources = new(typeof(AccessMessages));

    public static string OwnerRequired => Get();
    public static string RolesRequired => Get();
    public static string ExpiryRange => Get();

    public static string Format(string text, params object?[] args) => string.Format(CultureInfo.CurrentCulture, text, args);

    private static string Get([CallerMemberName] string key = "") => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
