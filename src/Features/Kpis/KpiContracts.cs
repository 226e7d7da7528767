using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Kpis.Engine;

namespace ModelOpsPortal.Features.Kpis;

/// <summary>
/// The models behind a KPI figure. Every count on the dashboard is the inventory's count with one of these as its
/// filter, so a drill-down lists exactly the models counted. Health sets are about models in production.
/// </summary>
public enum KpiSet
{
    InProduction,
    ReachedProduction,
    NeverInProduction,
    WithChampion,
    WithChallenger,
    WithoutChampion,
    ProductionAfterThreeMonths,
    ProductionAfterSevenMonths,
    OpenAlerts,
    DriftAlerts,
    FairnessFailed,
    RetrainingRecommended,
    Unwatched,
    RevalidationOverdue,
    StaleTrainingData,
    /// <summary>With a quarter: registered in it.</summary>
    Registered,
    /// <summary>With a quarter: a version reached production in it.</summary>
    Promoted,
    /// <summary>With a quarter: a version was retired in it.</summary>
    Retired,
}

/// <summary>Which models a KPI set means, with the quarter the throughput sets need.</summary>
public sealed record KpiSelection(KpiSet Set, Quarter? Quarter = null)
{
    /// <summary>The URL form: kebab-case ("open-alerts").</summary>
    public static string Name(KpiSet set) => string.Concat(set.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

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

/// <summary>The dashboard's filters: a business unit and a risk tier, each optional.</summary>
public sealed record KpiFilter(string? BusinessUnit = null, RiskTier? RiskTier = null);

public sealed record StageCount(VersionStage? Stage, int Count);

public sealed record SetCount(KpiSet Set, int Count);

/// <summary>Models and versions that reached production, out of those registered.</summary>
public sealed record ProductionReach(int Models, int ModelsReached, double? ModelShare, int Versions, int VersionsReached, double? VersionShare);

/// <summary>Registration to first production, per model that got there (with a recorded stage change).</summary>
public sealed record TimeToProduction(
    DurationSummary Days, int OverThreeMonths, double? ShareOverThreeMonths, int OverSevenMonths, double? ShareOverSevenMonths,
    IReadOnlyList<int> ByMonth);

/// <summary>Request to decision for decided requests of one kind.</summary>
public sealed record ApprovalCycle(RequestKind Kind, DurationSummary Days);

public sealed record ProductionHealth(int InProduction, int OpenAlerts, int DriftAlerts, int FairnessFailed, int RetrainingRecommended, int Unwatched);

public sealed record RevalidationByTier(RiskTier Tier, int PolicyMonths, int InProduction, int Overdue);

/// <summary>Age of the training data (snapshot date) behind each champion.</summary>
public sealed record TrainingDataAge(int Champions, int WithSnapshotDate, double? MedianDays, int Stale);

public sealed record QuarterThroughput(string Quarter, int Registered, int Promoted, int Retired);

/// <summary>Every figure of the executive dashboard for one filter, as of one moment.</summary>
public sealed record KpiReport(
    DateTime AsOf,
    KpiFilter Filter,
    IReadOnlyList<StageCount> ModelsByStage,
    IReadOnlyList<StageCount> VersionsByStage,
    IReadOnlyList<SetCount> ProductionRoles,
    ProductionReach Reach,
    TimeToProduction TimeToProduction,
    IReadOnlyList<ApprovalCycle> ApprovalCycles,
    ProductionHealth Health,
    IReadOnlyList<RevalidationByTier> Revalidation,
    TrainingDataAge TrainingData,
    IReadOnlyList<QuarterThroughput> Throughput);
