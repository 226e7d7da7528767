namespace ModelOpsPortal.Features.Kpis;

/// <summary>Texts of the KPI dashboard: KpiText.resx (English) and KpiText.ko.resx (Korean).</summary>
public sealed class KpiText;
