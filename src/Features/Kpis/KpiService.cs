using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Portfolio.Engine;
using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Features.Kpis.Engine;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Kpis;

/// <summary>
/// The executive KPIs, computed in the database: every model count is the inventory's count under a KPI set (so each
/// figure's drill-down lists exactly its models), the rest are GROUP BY queries and per-model aggregates (first
/// production date, decision times, champion snapshot dates) from which the pure engine takes medians and percentiles.
/// No entity is loaded.
/// </summary>
public sealed class KpiService(
    IDbContextFactory<PortalDbContext> dbFactory, PortfolioQueries portfolio, DataChanges changes, IOptionsMonitor<KpiOptions> options, TimeProvider clock)
{
    /// <summary>Month buckets of the time-to-production histogram: 0–1, 1–2, … 11–12 and 12 or more.</summary>
    public const int HistogramMonths = 12;

    /// <summary>Snapshots kept at most (filters are free text: a flood of business units must not grow memory).</summary>
    private const int MaxSnapshots = 256;

    private readonly ConcurrentDictionary<KpiFilter, Snapshot> snapshots = new();

    /// <summary>The policies in force (revalidation periods, the unwatched and stale thresholds).</summary>
    public KpiOptions Policy => options.CurrentValue;

    /// <summary>
    /// The report for a filter, from the latest snapshot while it is current: nothing was written through this
    /// process since it was computed and it is younger than <see cref="KpiOptions.SnapshotSeconds"/>. Otherwise it is
    /// computed again, once however many readers ask at the same moment.
    /// </summary>
    public Task<KpiReport> ReportAsync(KpiFilter filter, CancellationToken ct = default) => SnapshotAsync(filter, refresh: false, ct);

    /// <summary>The report for a filter computed again now (the dashboard's Refresh), and kept as its snapshot.</summary>
    public Task<KpiReport> RefreshAsync(KpiFilter filter, CancellationToken ct = default) => SnapshotAsync(filter, refresh: true, ct);

    private async Task<KpiReport> SnapshotAsync(KpiFilter filter, bool refresh, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter = new KpiFilter(NullIfBlank(filter.BusinessUnit), filter.RiskTier);
        var maxAge = TimeSpan.FromSeconds(options.CurrentValue.SnapshotSeconds);
        if (maxAge <= TimeSpan.Zero)
        {
            return await ComputeAsync(filter, ct);
        }

        while (true)
        {
            var generation = changes.Generation;
            var now = clock.GetUtcNow();
            var current = snapshots.GetValueOrDefault(filter);
            if (!refresh && current is not null && current.Generation == generation && now - current.Started < maxAge && !current.Failed)
            {
                return await current.Report.Value.WaitAsync(ct);
            }

            if (current is null && snapshots.Count >= MaxSnapshots)
            {
                snapshots.Clear();
            }

            // Not the caller's token: other readers may be waiting for the same computation.
            var next = new Snapshot(generation, now, new Lazy<Task<KpiReport>>(() => ComputeAsync(filter, CancellationToken.None)));
            if (current is null ? snapshots.TryAdd(filter, next) : snapshots.TryUpdate(filter, next, current))
            {
                return await next.Report.Value.WaitAsync(ct);
            }

            refresh = false; // Another reader started a computation just now: use it.
        }
    }

    /// <summary>Every figure computed from the database now.</summary>
    public async Task<KpiReport> ComputeAsync(KpiFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = options.CurrentValue;
        var scope = new InventoryQuery { BusinessUnit = NullIfBlank(filter.BusinessUnit), RiskTier = filter.RiskTier };

        // The figures are independent read-only queries, each on its own context. SQLite's ADO.NET provider completes its
        // "async" calls synchronously, so awaiting them together would still run them one by one: they run on the thread
        // pool instead, as many at a time as there are cores (every query is CPU-bound in SQLite; more would only queue).
        var lanes = new SemaphoreSlim(Math.Clamp(Environment.ProcessorCount, 1, 4));
        async Task<T> RunAsync<T>(Func<Task<T>> query)
        {
            await lanes.WaitAsync(ct);
            try
            {
                return await Task.Run(query, ct);
            }
            finally
            {
                lanes.Release();
            }
        }

        Task<int> CountAsync(KpiSet set) => RunAsync(() => portfolio.CountAsync(scope with { Kpi = set }, ct));
        Task<IReadOnlyDictionary<RiskTier, int>> ByTierAsync(KpiSet set) => RunAsync(() => portfolio.CountByRiskTierAsync(scope with { Kpi = set }, ct));

        // Started longest first, so that the last to finish are short.
        var throughputTask = RunAsync(() => ThroughputAsync(filter, Quarter.Of(now).LastOf(policy.Quarters), ct));
        var versionsTask = RunAsync(() => VersionsAsync(filter, ct));
        var firstsTask = RunAsync(() => FirstProductionAsync(filter, ct));
        var counts = new[]
        {
            KpiSet.FairnessFailed, KpiSet.Unwatched, KpiSet.ProductionAfterThreeMonths, KpiSet.ProductionAfterSevenMonths, KpiSet.WithChampion,
            KpiSet.StaleTrainingData, KpiSet.NeverInProduction, KpiSet.ReachedProduction, KpiSet.OpenAlerts, KpiSet.DriftAlerts,
            KpiSet.RetrainingRecommended, KpiSet.WithoutChampion, KpiSet.WithChallenger,
        }.ToDictionary(set => set, CountAsync);
        var overdueTask = ByTierAsync(KpiSet.RevalidationOverdue);
        var inProductionTask = ByTierAsync(KpiSet.InProduction);
        var snapshotsTask = RunAsync(() => ChampionSnapshotsAsync(filter, ct));
        var cyclesTask = RunAsync(() => ApprovalCyclesAsync(filter, ct));
        var stagesTask = RunAsync(() => portfolio.StageCountsAsync(scope, ct));

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
        var (overdue, inProductionByTier) = (await overdueTask, await inProductionTask);
        var revalidation = (filter.RiskTier is RiskTier only ? [only] : Enum.GetValues<RiskTier>())
            .Select(tier => new RevalidationByTier(tier, policy.RevalidationMonths.GetValueOrDefault(tier),
                inProductionByTier.GetValueOrDefault(tier), overdue.GetValueOrDefault(tier)))
            .ToList();

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
        var versions = InScope(db, db.Versions.AsNoTracking(), filter);
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

    /// <summary>The records of the models in scope; unfiltered, every record (no per-row check that its model exists).</summary>
    private static IQueryable<T> InScope<T>(PortalDbContext db, IQueryable<T> records, KpiFilter filter) where T : class, IBelongsToModel
    {
        if (NullIfBlank(filter.BusinessUnit) is null && filter.RiskTier is null)
        {
            return records;
        }

        var scoped = Scoped(db, filter);
        return records.Where(r => scoped.Any(m => m.Id == r.ModelId));
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

    /// <summary>
    /// Per request kind, the count of decided requests and the values at the median's and p90's ranks, read in the
    /// database's order of <see cref="LifecycleRequest.DecisionDays"/> (an index): a few rows per kind, however many requests.
    /// </summary>
    private async Task<IReadOnlyList<ApprovalCycle>> ApprovalCyclesAsync(KpiFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var decided = InScope(db, db.Requests.AsNoTracking().Where(r => r.DecisionDays != null), filter);
        var counts = (await decided.GroupBy(r => r.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(g => g.Key, g => g.Count);
        async Task<double?> QuantileAsync(RequestKind kind, int count, double p)
        {
            var (below, above, fraction) = Distribution.Ranks(count, p);
            var values = await decided.Where(r => r.Kind == kind).OrderBy(r => r.DecisionDays)
                .Select(r => r.DecisionDays!.Value).Skip(below).Take(above - below + 1).ToListAsync(ct);
            return values.Count == 0 ? null : Distribution.Interpolate(values[0], values[^1], fraction);
        }

        var cycles = new List<ApprovalCycle>();
        foreach (var kind in Enum.GetValues<RequestKind>())
        {
            var count = counts.GetValueOrDefault(kind);
            cycles.Add(new ApprovalCycle(kind, count == 0
                ? new DurationSummary(0, null, null)
                : new DurationSummary(count, await QuantileAsync(kind, count, 0.5), await QuantileAsync(kind, count, 0.9))));
        }

        return cycles;
    }

    private async Task<List<DateOnly?>> ChampionSnapshotsAsync(KpiFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await InScope(db, db.Versions.AsNoTracking(), filter)
            .Where(v => v.ProductionRole == ProductionRole.Champion)
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
        var start = quarters[0].Start;
        var registered = await Scoped(db, filter).Where(m => m.CreatedAt >= start)
            .GroupBy(m => new { m.CreatedAt.Year, Q = (m.CreatedAt.Month + 2) / 3 }).Select(g => new { g.Key.Year, g.Key.Q, Count = g.Count() }).ToListAsync(ct);
        async Task<Dictionary<Quarter, int>> ModelsMovedToAsync(VersionStage stage) =>
            (await InScope(db, db.StageChanges.AsNoTracking(), filter)
                .Where(c => c.ToStage == stage && c.ChangedAt >= start)
                .Select(c => new { c.ModelId, c.ChangedAt.Year, Q = (c.ChangedAt.Month + 2) / 3 }).Distinct()
                .GroupBy(x => new { x.Year, x.Q }).Select(g => new { g.Key.Year, g.Key.Q, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => new Quarter(x.Year, x.Q), x => x.Count);
        var promoted = await ModelsMovedToAsync(VersionStage.Production);
        var retired = await ModelsMovedToAsync(VersionStage.Retired);
        var registeredBy = registered.ToDictionary(x => new Quarter(x.Year, x.Q), x => x.Count);
        return [.. quarters.Select(q => new QuarterThroughput(q.ToString(), registeredBy.GetValueOrDefault(q), promoted.GetValueOrDefault(q), retired.GetValueOrDefault(q)))];
    }

    private sealed record Snapshot(long Generation, DateTimeOffset Started, Lazy<Task<KpiReport>> Report)
    {
        public bool Failed => Report.IsValueCreated && (Report.Value.IsFaulted || Report.Value.IsCanceled);
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
