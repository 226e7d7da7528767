using Microsoft.AspNetCore.Components;

namespace ModelOpsPortal.App.Components;

/// <summary>
/// MudBlazor's markup for the shell's buttons, icons and navigation links, written out: the shell is plain markup so
/// that a static page can show it and an interactive one holds no components for it (docs/decisions/018).
/// </summary>
public static class Shell
{
    public const string IconButton = "mud-button-root mud-icon-button mud-inherit-text hover:mud-inherit-hover";

    /// <summary>The size and classes of a navigation link's icon.</summary>
    public const string NavLinkIcon = "mud-icon-default mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default";

    /// <summary>An icon as MudIcon draws it, hidden from assistive technology (its button or text says what it is).</summary>
    public static RenderFragment Icon(string svg, string classes = "mud-icon-size-medium") => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", $"mud-icon-root mud-svg-icon {classes}");
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddAttribute(5, "role", "img");
        builder.AddMarkupContent(6, svg);
        builder.CloseElement();
    };

    /// <summary>As NavLink matches: the path itself, or (with <paramref name="prefix"/>) anything under it.</summary>
    public static bool IsActive(string current, string href, bool prefix)
    {
        var path = current.Split('?', '#')[0].TrimEnd('/');
        var target = href.TrimEnd('/');
        return string.Equals(path, target, StringComparison.OrdinalIgnoreCase)
            || (prefix && path.StartsWith(target + "/", StringComparison.OrdinalIgnoreCase));
    }
}
