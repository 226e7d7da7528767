namespace ModelOpsPortal.Features.Lineage;

/// <summary>Texts of the lineage and dataset screens: LineageText.resx (English) and LineageText.ko.resx (Korean).</summary>
public sealed class LineageText;
