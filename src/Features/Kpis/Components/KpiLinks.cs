using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Portfolio.Engine;
using ModelOpsPortal.Features.Portfolio;

namespace ModelOpsPortal.Features.Kpis.Components;

/// <summary>Drill-down addresses: the inventory filtered to the models behind a figure, with the dashboard's own filters.</summary>
public static class KpiLinks
{
    public static string Models(KpiFilter filter, KpiSet? set = null, Quarter? quarter = null, VersionStage? stage = null, RiskTier? tier = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new List<string>();
        if (set is KpiSet s)
        {
            query.Add("kpi=" + KpiSelection.Name(s));
        }

        if (quarter is Quarter q)
        {
            query.Add("quarter=" + q);
        }

        if (stage is VersionStage st)
        {
            query.Add("stage=" + st);
        }

        if (filter.BusinessUnit is { } unit)
        {
            query.Add("businessUnit=" + Uri.EscapeDataString(unit));
        }

        if ((tier ?? filter.RiskTier) is RiskTier t)
        {
            query.Add("riskTier=" + t);
        }

        return query.Count == 0 ? "/models" : "/models?" + string.Join('&', query);
    }

    /// <summary>A bar of the survey chart: this portfolio's bars (trace 0) open their models; the survey's are reference values.</summary>
    public static string? SurveyBar(KpiFilter filter, int trace, int point) => (trace, point) switch
    {
        (0, 0) => Models(filter, KpiSet.ReachedProduction),
        (0, 1) => Models(filter, KpiSet.ProductionAfterThreeMonths),
        (0, 2) => Models(filter, KpiSet.ProductionAfterSevenMonths),
        _ => null,
    };

    /// <summary>A bar of the throughput chart: registered, promoted or retired (traces 0–2) in the point's quarter.</summary>
    public static string? ThroughputBar(KpiReport report, int trace, int point)
    {
        ArgumentNullException.ThrowIfNull(report);
        KpiSet? set = trace switch { 0 => KpiSet.Registered, 1 => KpiSet.Promoted, 2 => KpiSet.Retired, _ => null };
        return set is null || point < 0 || point >= report.Throughput.Count || !Quarter.TryParse(report.Throughput[point].Quarter, out var quarter)
            ? null
            : Models(report.Filter, set, quarter);
    }

    /// <summary>A bar of the portfolio chart: the models at that stage (none for models without versions).</summary>
    public static string? StageBar(KpiReport report, int point)
    {
        ArgumentNullException.ThrowIfNull(report);
        return point >= 0 && point < report.ModelsByStage.Count && report.ModelsByStage[point].Stage is VersionStage stage
            ? Models(report.Filter, stage: stage)
            : null;
    }
}
