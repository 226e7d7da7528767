using Microsoft.Extensions.Localization;

namespace ModelOpsPortal.App.Localization;

public static class EnumText
{
    /// <summary>The display name of an enum value: key <c>{EnumType}.{Value}</c> in SharedText.resx.</summary>
    public static string Name<TEnum>(this IStringLocalizer<SharedText> text, TEnum value) where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        return text[$"{typeof(TEnum).Name}.{value}"];
    }
}

public static class RoleText
{
    /// <summary>Portal role names in the reader's language (key <c>Role.{Role}</c>), joined for display.</summary>
    public static string Roles(this IStringLocalizer<SharedText> text, IEnumerable<string> roles, string separator = " · ")
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(separator, roles.Select(r => text[$"Role.{r}"].Value));
    }
}
