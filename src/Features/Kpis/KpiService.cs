using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Kpis.Engine;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Kpis;

/// <summary>
/// The executive KPIs, computed in the database: every model count is the inventory's count under a KPI set (so each
/// figure's drill-down lists exactly its models), the rest are GROUP BY queries and per-model aggregates (first
/// production date, decision times, champion snapshot dates) from which the pure engine takes medians and percentiles.
/// No entity is loaded.
/// </summary>
public sealed class KpiService(IDbContextFactory<PortalDbContext> dbFactory, InventoryService inventory, IOptionsMonitor<KpiOptions> options, TimeProvider clock)
{
    /// <summary>Month buckets of the time-to-production histogram: 0–1, 1–2, … 11–12 and 12 or more.</summary>
    public const int HistogramMonths = 12;

    /// <summary>The policies in force (revalidation periods, the unwatched and stale thresholds).</summary>
    public KpiOptions Policy => options.CurrentValue;

    public async Task<KpiReport> ReportAsync(KpiFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = options.CurrentValue;
        var scope = new InventoryQuery { BusinessUnit = NullIfBlank(filter.BusinessUnit), RiskTier = filter.RiskTier };
        Task<int> CountAsync(KpiSet set, RiskTier? tier = null) => inventory.CountAsync(scope with { Kpi = set, RiskTier = tier ?? filter.RiskTier }, ct);

        // The figures are independent read-only queries, each on its own context: run them side by side.
        var stagesTask = inventory.StageCountsAsync(scope, ct);
        var counts = new[]
        {
            KpiSet.WithChampion, KpiSet.WithChallenger, KpiSet.WithoutChampion, KpiSet.NeverInProduction, KpiSet.ReachedProduction,
            KpiSet.ProductionAfterThreeMonths, KpiSet.ProductionAfterSevenMonths, KpiSet.OpenAlerts, KpiSet.DriftAlerts, KpiSet.FairnessFailed,
            KpiSet.RetrainingRecommended, KpiSet.Unwatched, KpiSet.StaleTrainingData,
        }.ToDictionary(set => set, set => CountAsync(set));
        var tiers = (filter.RiskTier is RiskTier only ? [only] : Enum.GetValues<RiskTier>())
            .Select(tier => (Tier: tier, InProduction: CountAsync(KpiSet.InProduction, tier), Overdue: CountAsync(KpiSet.RevalidationOverdue, tier))).ToList();
        var versionsTask = VersionsAsync(filter, ct);
        var firstsTask = FirstProductionAsync(filter, ct);
        var cyclesTask = ApprovalCyclesAsync(filter, ct);
        var snapshotsTask = ChampionSnapshotsAsync(filter, ct);
        var throughputTask = ThroughputAsync(filter, Quarter.Of(now).LastOf(policy.Quarters), ct);

        var modelsByStage = (await stagesTask)
            .OrderBy(s => s.Stage is null ? int.MaxValue : (int)s.Stage).Select(s => new StageCount(s.Stage, s.Count)).ToList();
        var models = modelsByStage.Sum(s => s.Count);
        var inProduction = modelsByStage.Where(s => s.Stage == VersionStage.Production).Sum(s => s.Count);
        var roles = new List<SetCount>();
        foreach (var set in new[] { KpiSet.WithChampion, KpiSet.WithChallenger, KpiSet.WithoutChampion, KpiSet.NeverInProduction })
        {
            roles.Add(new SetCount(set, await counts[set]));
        }

        var (versionsByStage, versionsReached) = await versionsTask;
        var versionCount = versionsByStage.Sum(s => s.Count);
        var modelsReached = await counts[KpiSet.ReachedProduction];
        var revalidation = new List<RevalidationByTier>();
        foreach (var t in tiers)
        {
            revalidation.Add(new RevalidationByTier(t.Tier, policy.RevalidationMonths.GetValueOrDefault(t.Tier), await t.InProduction, await t.Overdue));
        }

        return new KpiReport(
            now,
            filter,
            modelsByStage,
            versionsByStage,
            roles,
            new ProductionReach(models, modelsReached, Share(modelsReached, models), versionCount, versionsReached, Share(versionsReached, versionCount)),
            TimeToProduction(await firstsTask, await counts[KpiSet.ProductionAfterThreeMonths], await counts[KpiSet.ProductionAfterSevenMonths]),
            await cyclesTask,
            new ProductionHealth(inProduction, await counts[KpiSet.OpenAlerts], await counts[KpiSet.DriftAlerts], await counts[KpiSet.FairnessFailed],
                await counts[KpiSet.RetrainingRecommended], await counts[KpiSet.Unwatched]),
            revalidation,
            TrainingData(await snapshotsTask, now, await counts[KpiSet.StaleTrainingData]),
            await throughputTask);
    }

    private async Task<(List<StageCount> ByStage, int Reached)> VersionsAsync(KpiFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scoped = Scoped(db, filter);
        var versions = db.Versions.AsNoTracking().Where(v => scoped.Any(m => m.Id == v.ModelId));
        var byStage = (await versions.GroupBy(v => v.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderBy(g => (int)g.Key).Select(g => new StageCount(g.Key, g.Count)).ToList();
        var reached = await versions.CountAsync(v => v.Stage == VersionStage.Production
            || db.StageChanges.Any(c => c.ModelId == v.ModelId && c.VersionNumber == v.Number && c.ToStage == VersionStage.Production), ct);
        return (byStage, reached);
    }

    private static IQueryable<Model> Scoped(PortalDbContext db, KpiFilter filter)
    {
        var models = db.Models.AsNoTracking();
        if (NullIfBlank(filter.BusinessUnit) is { } unit)
        {
            models = models.Where(m => m.BusinessUnit == unit);
        }

        return filter.RiskTier is RiskTier tier ? models.Where(m => m.RiskTier == tier) : models;
    }

    /// <summary>Registration and first recorded production per model that got there (one row per model, aggregated in SQL).</summary>
    private async Task<List<(DateTime Created, DateTime First)>> FirstProductionAsync(KpiFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var firsts = await Scoped(db, filter)
            .Select(m => new { m.CreatedAt, First = db.StageChanges.Where(c => c.ModelId == m.Id && c.ToStage == VersionStage.Production).Min(c => (DateTime?)c.ChangedAt) })
            .Where(x => x.First != null).ToListAsync(ct);
        return [.. firsts.Select(x => (x.CreatedAt, x.First!.Value))];
    }

    private static TimeToProduction TimeToProduction(List<(DateTime Created, DateTime First)> firsts, int over3, int over7)
    {
        var days = DurationSummary.Of(firsts.Select(x => (x.First - x.Created).TotalDays));
        // Calendar months, as the drill-down's AddMonths counts them: bucket k holds first production in (k, k+1] months.
        var byMonth = new int[HistogramMonths + 1];
        foreach (var (created, first) in firsts)
        {
            var k = 0;
            while (k < HistogramMonths && first > created.AddMonths(k + 1))
            {
                k++;
            }

            byMonth[k]++;
        }

        return new TimeToProduction(days, over3, Share(over3, days.Count), over7, Share(over7, days.Count), byMonth);
    }

    private async Task<IReadOnlyList<ApprovalCycle>> ApprovalCyclesAsync(KpiFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scoped = Scoped(db, filter);
        var decided = await db.Requests.AsNoTracking()
            .Where(r => scoped.Any(m => m.Id == r.ModelId) && (r.Status == RequestStatus.Approved || r.Status == RequestStatus.Rejected) && r.ClosedAt != null)
            .Select(r => new { r.Kind, r.RequestedAt, r.ClosedAt }).ToListAsync(ct);
        return [.. Enum.GetValues<RequestKind>().Select(kind => new ApprovalCycle(kind,
            DurationSummary.Of(decided.Where(r => r.Kind == kind).Select(r => (r.ClosedAt!.Value - r.RequestedAt).TotalDays))))];
    }

    private async Task<List<DateOnly?>> ChampionSnapshotsAsync(KpiFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scoped = Scoped(db, filter);
        return await db.Versions.AsNoTracking()
            .Where(v => scoped.Any(m => m.Id == v.ModelId) && v.ProductionRole == ProductionRole.Champion)
            .Select(v => v.TrainingDataset.SnapshotDate).ToListAsync(ct);
    }

    private static TrainingDataAge TrainingData(List<DateOnly?> snapshots, DateTime now, int stale)
    {
        var today = DateOnly.FromDateTime(now);
        var ages = snapshots.OfType<DateOnly>().Select(d => (double)(today.DayNumber - d.DayNumber)).Order().ToArray();
        return new TrainingDataAge(snapshots.Count, ages.Length, Distribution.Percentile(ages, 0.5), stale);
    }

    /// <summary>Per quarter: models registered, and distinct models with a version promoted to production or retired (GROUP BY year and quarter).</summary>
    private async Task<IReadOnlyList<QuarterThroughput>> ThroughputAsync(KpiFilter filter, IReadOnlyList<Quarter> quarters, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scoped = Scoped(db, filter);
        var start = quarters[0].Start;
        var registered = await scoped.Where(m => m.CreatedAt >= start)
            .GroupBy(m => new { m.CreatedAt.Year, Q = (m.CreatedAt.Month + 2) / 3 }).Select(g => new { g.Key.Year, g.Key.Q, Count = g.Count() }).ToListAsync(ct);
        async Task<Dictionary<Quarter, int>> ModelsMovedToAsync(VersionStage stage) =>
            (await db.StageChanges.AsNoTracking()
                .Where(c => c.ToStage == stage && c.ChangedAt >= start && scoped.Any(m => m.Id == c.ModelId))
                .Select(c => new { c.ModelId, c.ChangedAt.Year, Q = (c.ChangedAt.Month + 2) / 3 }).Distinct()
                .GroupBy(x => new { x.Year, x.Q }).Select(g => new { g.Key.Year, g.Key.Q, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => new Quarter(x.Year, x.Q), x => x.Count);
        var promoted = await ModelsMovedToAsync(VersionStage.Production);
        var retired = await ModelsMovedToAsync(VersionStage.Retired);
        var registeredBy = registered.ToDictionary(x => new Quarter(x.Year, x.Q), x => x.Count);
        return [.. quarters.Select(q => new QuarterThroughput(q.ToString(), registeredBy.GetValueOrDefault(q), promoted.GetValueOrDefault(q), retired.GetValueOrDefault(q)))];
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
