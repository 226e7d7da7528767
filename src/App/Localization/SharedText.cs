namespace ModelOpsPortal.App.Localization;

/// <summary>Texts of the shell and words every feature uses (enum names, common actions): SharedText.resx.</summary>
public sealed class SharedText;
