using System.Globalization;
using Microsoft.Extensions.Localization;
using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Features.Monitoring.Components;

/// <summary>An alert in one sentence, in the reader's language: what crossed which level.</summary>
public static class AlertDescription
{
    public static string MetricName(IStringLocalizer<MonitoringText> text, string metric)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = text[MetricCatalog.Find(metric)?.LabelKey ?? "Metric." + metric];
        return name.ResourceNotFound ? metric : name.Value;
    }

    public static string Describe(IStringLocalizer<MonitoringText> text, AlertView alert)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(alert);
        var metric = MetricName(text, alert.Metric);
        if (alert.Feature is not null)
        {
            metric = text["Describe.Feature", metric, alert.Feature];
        }

        return alert.Direction switch
        {
            ThresholdDirection.DropFromFirst when alert.Reference is double r =>
                text["Describe.Drop", metric, Percent((r - alert.Value) / Math.Abs(r)), Number(r), Number(alert.Value), Percent(alert.Threshold)],
            ThresholdDirection.RiseFromFirst when alert.Reference is double r =>
                text["Describe.Rise", metric, Percent((alert.Value - r) / Math.Abs(r)), Number(r), Number(alert.Value), Percent(alert.Threshold)],
            ThresholdDirection.Below => text["Describe.Below", metric, Format(alert.Metric, alert.Value), Format(alert.Metric, alert.Threshold)],
            _ => text["Describe.Above", metric, Format(alert.Metric, alert.Value), Format(alert.Metric, alert.Threshold)],
        };
    }

    /// <summary>A figure as people read it, in its metric's format (<see cref="MetricCatalog"/>): rates as percentages, everything else as a number.</summary>
    public static string Format(string metric, double value) => MetricCatalog.Find(metric)?.Format == MetricFormat.Percent ? Percent(value) : Number(value);

    public static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "#,0.#" : "0.####", CultureInfo.CurrentCulture);

    public static string Percent(double fraction) => fraction.ToString("P1", CultureInfo.CurrentCulture);
}
