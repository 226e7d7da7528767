namespace ModelOpsPortal.App.Localization;

/// <summary>Translations of MudBlazor's built-in texts (keys as MudBlazor names them): MudBlazorText.resx.</summary>
public sealed class MudBlazorText;
