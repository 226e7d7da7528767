namespace ModelOpsPortal.Features.Audit;

/// <summary>Texts of the audit screens: AuditText.resx (English) and AuditText.ko.resx (Korean).</summary>
public sealed class AuditText;
