using System.Globalization;
using System.Resources;

namespace ModelOpsPortal.Infrastructure;

/// <summary>
/// Reads a message from a feature's .resx in the reader's UI culture. The message classes
/// (InventoryMessages, AccessMessages, ValidationText) expose static properties over it, because data
/// annotations can only name static properties.
/// </summary>
public static class ResourceText
{
    public static string Get(ResourceManager resources, string key)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
    }

    /// <summary>Fills a message's placeholders with numbers and dates in the reader's culture.</summary>
    public static string Format(string text, params object?[] args) => string.Format(CultureInfo.CurrentCulture, text, args);
}
