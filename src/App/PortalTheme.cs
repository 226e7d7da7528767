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
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#a15c00",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",
            PrimaryContrastText = "#0b1a33",
            TextSecondary = "rgba(255,255,255,0.72)",
            Secondary = "#c4a7f0",
            AppbarBackground = "#14253d",
            // Light tints on a dark page need dark text on filled chips to keep 4.5:1.
            Info = "#8ab4f8",
            InfoContrastText = "#0b1a33",
            Success = "#81c995",
            SuccessContrastText = "#0b2614",
            Warning = "#fdd663",
            WarningContrastText = "#2b2000",
            Error = "#f28b82",
            ErrorContrastText = "#330b08",
        },
    };
}
