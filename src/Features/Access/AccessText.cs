namespace ModelOpsPortal.Features.Access;

/// <summary>Texts of the sign-in, access-denied and API key pages: AccessText.resx (English) and AccessText.ko.resx (Korean).</summary>
public sealed class AccessText;
