namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>Texts of the request and decision screens: LifecycleText.resx (English) and LifecycleText.ko.resx (Korean).</summary>
public sealed class LifecycleText;
