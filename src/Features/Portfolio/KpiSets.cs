using System.Text.Json.Serialization;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Portfolio.Engine;
using ModelOpsPortal.Infrastructure.Web;

namespace ModelOpsPortal.Features.Portfolio;

/// <summary>
/// The models behind a KPI figure. Every count on the dashboard is the inventory's count with one of these as its
/// filter, so a drill-down lists exactly the models counted. Health sets are about models in production. Their names
/// are kebab-case everywhere a caller sees them: the URL (<c>/models?kpi=open-alerts</c>), the API's query and JSON.
/// </summary>
public enum KpiSet
{
    [JsonStringEnumMemberName("in-production")]
    InProduction,
    [JsonStringEnumMemberName("reached-production")]
    ReachedProduction,
    [JsonStringEnumMemberName("never-in-production")]
    NeverInProduction,
    [JsonStringEnumMemberName("with-champion")]
    WithChampion,
    [JsonStringEnumMemberName("with-challenger")]
    WithChallenger,
    [JsonStringEnumMemberName("without-champion")]
    WithoutChampion,
    [JsonStringEnumMemberName("production-after-three-months")]
    ProductionAfterThreeMonths,
    [JsonStringEnumMemberName("production-after-seven-months")]
    ProductionAfterSevenMonths,
    [JsonStringEnumMemberName("open-alerts")]
    OpenAlerts,
    [JsonStringEnumMemberName("drift-alerts")]
    DriftAlerts,
    [JsonStringEnumMemberName("fairness-failed")]
    FairnessFailed,
    [JsonStringEnumMemberName("retraining-recommended")]
    RetrainingRecommended,
    [JsonStringEnumMemberName("unwatched")]
    Unwatched,
    [JsonStringEnumMemberName("revalidation-overdue")]
    RevalidationOverdue,
    [JsonStringEnumMemberName("stale-training-data")]
    StaleTrainingData,
    /// <summary>With a quarter: registered in it.</summary>
    [JsonStringEnumMemberName("registered")]
    Registered,
    /// <summary>With a quarter: a version reached production in it.</summary>
    [JsonStringEnumMemberName("promoted")]
    Promoted,
    /// <summary>With a quarter: a version was retired in it.</summary>
    [JsonStringEnumMemberName("retired")]
    Retired,
}

/// <summary>Which models a KPI set means, with the quarter the throughput sets need.</summary>
public sealed record KpiSelection(KpiSet Set, Quarter? Quarter = null)
{
    /// <summary>The URL form: kebab-case ("open-alerts").</summary>
    public static string Name(KpiSet set) => EnumWireNames.Name(set);

    public static bool TryParse(string? text, out KpiSet set)
    {
        set = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var candidate in Enum.GetValues<KpiSet>())
        {
            if (string.Equals(Name(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                set = candidate;
                return true;
            }
        }

        return false;
    }
}

/// <summary>The policies the KPIs judge by (section <c>Kpis</c>).</summary>
public sealed class KpiOptions
{
    public const string Section = "Kpis";

    /// <summary>Months from a model's last approval after which it is due for revalidation, per risk tier.</summary>
    public Dictionary<RiskTier, int> RevalidationMonths { get; set; } = new() { [RiskTier.High] = 12, [RiskTier.Medium] = 24, [RiskTier.Low] = 36 };

    /// <summary>A production version with no evaluation uploaded for this many days is nobody's to watch.</summary>
    public int UnwatchedAfterDays { get; set; } = 45;

    /// <summary>A champion trained on data older than this many months (snapshot date) counts as stale.</summary>
    public int StaleTrainingDataMonths { get; set; } = 12;

    /// <summary>Throughput goes back this many quarters, the current one included.</summary>
    public int Quarters { get; set; } = 8;

    /// <summary>
    /// How long a computed report is served again to readers of the same filter, unless this instance writes to the
    /// database first (0: compute on every view). Bounds how late a write by another instance, or the passing of a
    /// deadline, reaches the dashboard.
    /// </summary>
    public int SnapshotSeconds { get; set; } = 60;
}
