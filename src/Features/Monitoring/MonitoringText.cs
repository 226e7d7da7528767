namespace ModelOpsPortal.Features.Monitoring;

/// <summary>Texts of the monitoring screens: MonitoringText.resx (English) and MonitoringText.ko.resx (Korean).</summary>
public sealed class MonitoringText;
