using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;
using Row = ModelOpsPortal.Features.Portfolio.PortfolioRow;

namespace ModelOpsPortal.Features.Portfolio;

/// <summary>
/// What each KPI set means, as a filter on the inventory's rows: the dashboard counts with it and its drill-down lists
/// with it, so the two cannot disagree. Every condition is SQL (EXISTS, MIN and date arithmetic that EF translates on
/// SQLite and SQL Server alike); nothing is loaded to decide.
/// </summary>
internal static class KpiSetFilter
{
    public static IQueryable<Row> Apply(PortalDbContext db, IQueryable<Row> rows, KpiSelection selection, KpiOptions options, DateTime now)
    {
        var production = VersionStage.Production;
        var (start, end) = selection.Quarter is { } q ? (q.Start, q.End) : (DateTime.MinValue, DateTime.MaxValue);
        return selection.Set switch
        {
            KpiSet.InProduction => rows.Where(r => r.Stage == production),
            KpiSet.ReachedProduction => rows.Where(r => r.Stage == production || db.StageChanges.Any(c => c.ModelId == r.Id && c.ToStage == production)),
            KpiSet.NeverInProduction => rows.Where(r => r.Stage != production && !db.StageChanges.Any(c => c.ModelId == r.Id && c.ToStage == production)),
            KpiSet.WithChampion => rows.Where(r => r.ChampionVersion != null),
            KpiSet.WithChallenger => rows.Where(r => r.ChallengerCount > 0),
            KpiSet.WithoutChampion => rows.Where(r => r.WithoutChampion),
            KpiSet.ProductionAfterThreeMonths => rows.Where(r =>
                db.StageChanges.Where(c => c.ModelId == r.Id && c.ToStage == production).Min(c => (DateTime?)c.ChangedAt) > r.CreatedAt.AddMonths(3)),
            KpiSet.ProductionAfterSevenMonths => rows.Where(r =>
                db.StageChanges.Where(c => c.ModelId == r.Id && c.ToStage == production).Min(c => (DateTime?)c.ChangedAt) > r.CreatedAt.AddMonths(7)),
            KpiSet.OpenAlerts => rows.Where(r => r.Stage == production && r.OpenAlerts > 0),
            KpiSet.DriftAlerts => rows.Where(r => r.Stage == production
                && db.Alerts.Any(a => a.ModelId == r.Id && a.Status != AlertStatus.Resolved && a.Kind == AlertKind.Drift)),
            // The model's latest evaluation (by period) failed a fairness rule.
            KpiSet.FairnessFailed => rows.Where(r => r.Stage == production
                && db.Evaluations.Where(e => e.ModelId == r.Id).OrderByDescending(e => e.PeriodStart ?? e.PeriodEnd).ThenByDescending(e => e.Id)
                    .Select(e => e.FairnessFailed).FirstOrDefault()),
            KpiSet.RetrainingRecommended => rows.Where(r => r.Stage == production && r.RetrainingRecommended),
            KpiSet.Unwatched => Unwatched(db, rows, now.AddDays(-options.UnwatchedAfterDays)),
            KpiSet.RevalidationOverdue => Overdue(db, rows, options, now),
            KpiSet.StaleTrainingData => Stale(db, rows, DateOnly.FromDateTime(now.AddMonths(-options.StaleTrainingDataMonths))),
            KpiSet.Registered => rows.Where(r => r.CreatedAt >= start && r.CreatedAt < end),
            KpiSet.Promoted => rows.Where(r => db.StageChanges.Any(c => c.ModelId == r.Id && c.ToStage == production && c.ChangedAt >= start && c.ChangedAt < end)),
            KpiSet.Retired => rows.Where(r => db.StageChanges.Any(c => c.ModelId == r.Id && c.ToStage == VersionStage.Retired && c.ChangedAt >= start && c.ChangedAt < end)),
            _ => throw new ArgumentOutOfRangeException(nameof(selection), selection.Set, "Unknown KPI set."),
        };
    }

    /// <summary>A version in production that no evaluation (as monitored version or challenger) was uploaded for since the cutoff.</summary>
    private static IQueryable<Row> Unwatched(PortalDbContext db, IQueryable<Row> rows, DateTime cutoff) =>
        rows.Where(r => db.Versions.Any(v => v.ModelId == r.Id && v.Stage == VersionStage.Production
            && !db.Evaluations.Any(e => e.ModelId == r.Id && (e.VersionNumber == v.Number || e.ChallengerNumber == v.Number) && e.CreatedAt >= cutoff)));

    /// <summary>In production, and no request of the model (other than a retirement) approved within its tier's revalidation period.</summary>
    private static IQueryable<Row> Overdue(PortalDbContext db, IQueryable<Row> rows, KpiOptions options, DateTime now)
    {
        var high = now.AddMonths(-options.RevalidationMonths.GetValueOrDefault(RiskTier.High, 12));
        var medium = now.AddMonths(-options.RevalidationMonths.GetValueOrDefault(RiskTier.Medium, 24));
        var low = now.AddMonths(-options.RevalidationMonths.GetValueOrDefault(RiskTier.Low, 36));
        return rows.Where(r => r.Stage == VersionStage.Production
            && !db.Requests.Any(q => q.ModelId == r.Id && q.Status == RequestStatus.Approved && q.Kind != RequestKind.Retirement
                && q.ClosedAt >= (r.RiskTier == RiskTier.High ? high : r.RiskTier == RiskTier.Medium ? medium : low)));
    }

    private static IQueryable<Row> Stale(PortalDbContext db, IQueryable<Row> rows, DateOnly cutoff) =>
        rows.Where(r => db.Versions.Any(v => v.ModelId == r.Id && v.ProductionRole == ProductionRole.Champion && v.TrainingDataset.SnapshotDate < cutoff));
}
