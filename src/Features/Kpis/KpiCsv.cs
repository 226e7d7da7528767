using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Infrastructure.Csv;

namespace ModelOpsPortal.Features.Kpis;

/// <summary>
/// The dashboard's figures as long-format CSV (section, item, measure, value), culture-invariant, for BI tools: one row
/// per figure, so a new figure is a new row, never a new column.
/// </summary>
public static class KpiCsv
{
    public static async Task WriteAsync(KpiReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var csv = new CsvWriter(output);
        await csv.WriteRowAsync("section", "item", "measure", "value");
        foreach (var row in Rows(report))
        {
            await csv.WriteRowAsync(row.Section, row.Item, row.Measure, row.Value);
        }
    }

    /// <summary>Every figure of the report as (section, item, measure, value).</summary>
    public static IEnumerable<(string Section, string Item, string Measure, object? Value)> Rows(KpiReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        yield return ("report", "as_of_utc", "time", report.AsOf);
        yield return ("report", "filter", "business_unit", report.Filter.BusinessUnit);
        yield return ("report", "filter", "risk_tier", report.Filter.RiskTier);
        foreach (var s in report.ModelsByStage)
        {
            yield return ("models_by_stage", s.Stage?.ToString() ?? "none", "models", s.Count);
        }

        foreach (var s in report.VersionsByStage)
        {
            yield return ("versions_by_stage", s.Stage?.ToString() ?? "none", "versions", s.Count);
        }

        foreach (var s in report.ProductionRoles)
        {
            yield return ("production_roles", KpiSelection.Name(s.Set), "models", s.Count);
        }

        var reach = report.Reach;
        yield return ("reach", "models", "registered", reach.Models);
        yield return ("reach", "models", "reached_production", reach.ModelsReached);
        yield return ("reach", "models", "share", reach.ModelShare);
        yield return ("reach", "versions", "registered", reach.Versions);
        yield return ("reach", "versions", "reached_production", reach.VersionsReached);
        yield return ("reach", "versions", "share", reach.VersionShare);

        var ttp = report.TimeToProduction;
        yield return ("time_to_production", "models", "count", ttp.Days.Count);
        yield return ("time_to_production", "models", "median_days", ttp.Days.MedianDays);
        yield return ("time_to_production", "models", "p90_days", ttp.Days.P90Days);
        yield return ("time_to_production", "models", "over_3_months", ttp.OverThreeMonths);
        yield return ("time_to_production", "models", "share_over_3_months", ttp.ShareOverThreeMonths);
        yield return ("time_to_production", "models", "over_7_months", ttp.OverSevenMonths);
        yield return ("time_to_production", "models", "share_over_7_months", ttp.ShareOverSevenMonths);
        for (var k = 0; k < ttp.ByMonth.Count; k++)
        {
            yield return ("time_to_production_months", k < ttp.ByMonth.Count - 1 ? $"{k}-{k + 1}" : $"{k}+", "models", ttp.ByMonth[k]);
        }

        foreach (var c in report.ApprovalCycles)
        {
            yield return ("approval_cycle", c.Kind.ToString(), "decided", c.Days.Count);
            yield return ("approval_cycle", c.Kind.ToString(), "median_days", c.Days.MedianDays);
            yield return ("approval_cycle", c.Kind.ToString(), "p90_days", c.Days.P90Days);
        }

        var h = report.Health;
        yield return ("health", KpiSelection.Name(KpiSet.InProduction), "models", h.InProduction);
        yield return ("health", KpiSelection.Name(KpiSet.OpenAlerts), "models", h.OpenAlerts);
        yield return ("health", KpiSelection.Name(KpiSet.DriftAlerts), "models", h.DriftAlerts);
        yield return ("health", KpiSelection.Name(KpiSet.FairnessFailed), "models", h.FairnessFailed);
        yield return ("health", KpiSelection.Name(KpiSet.RetrainingRecommended), "models", h.RetrainingRecommended);
        yield return ("health", KpiSelection.Name(KpiSet.Unwatched), "models", h.Unwatched);
        foreach (var r in report.Revalidation)
        {
            yield return ("revalidation", r.Tier.ToString(), "policy_months", r.PolicyMonths);
            yield return ("revalidation", r.Tier.ToString(), "in_production", r.InProduction);
            yield return ("revalidation", r.Tier.ToString(), "overdue", r.Overdue);
        }

        var t = report.TrainingData;
        yield return ("training_data", "champions", "count", t.Champions);
        yield return ("training_data", "champions", "with_snapshot_date", t.WithSnapshotDate);
        yield return ("training_data", "champions", "median_age_days", t.MedianDays);
        yield return ("training_data", "champions", "stale", t.Stale);
        foreach (var q in report.Throughput)
        {
            yield return ("throughput", q.Quarter, "registered", q.Registered);
            yield return ("throughput", q.Quarter, "promoted", q.Promoted);
            yield return ("throughput", q.Quarter, "retired", q.Retired);
        }
    }
}
