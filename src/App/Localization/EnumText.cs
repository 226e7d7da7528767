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
