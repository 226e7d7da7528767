using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Kpis.Engine;
using ModelOpsPortal.Features.Portfolio;

namespace ModelOpsPortal.Features.Kpis;

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
