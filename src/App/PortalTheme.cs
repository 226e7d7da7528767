using MudBlazor;

namespace ModelOpsPortal.App;

public static class PortalTheme
{
    /// <summary>Colours chosen to keep WCAG AA contrast for text in both palettes.</summary>
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e4f8a",
            Secondary = "#6a3d9a",
            AppbarBackground = "#1e3a5f",
            Success = "#2e7d32",
            Warning = "#a15c00",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",
            Secondary = "#c4a7f0",
            AppbarBackground = "#14253d",
            Success = "#81c995",
            Warning = "#fdd663",
            Error = "#f28b82",
        },
    };
}
