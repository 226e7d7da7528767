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

        var modelsByStage = (await inventory.StageCountsAsync(scope, ct))
            .OrderBy(s => s.Stage is null ? int.MaxValue : (int)s.Stage).Select(s => new StageCount(s.Stage, s.Count)).ToList();
        var models = modelsByStage.Sum(s => s.Count);
        var inProduction = modelsByStage.Where(s => s.Stage == VersionStage.Production).Sum(s => s.Count);
        var roles = new List<SetCount>();
        foreach (var set in new[] { KpiSet.WithChampion, KpiSet.WithChallenger, KpiSet.WithoutChampion, KpiSet.NeverInProduction })
        {
            roles.Add(new SetCount(set, await CountAsync(set)));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scoped = Scoped(db, filter);
        var versions = db.Versions.AsNoTracking().Where(v => scoped.Any(m => m.Id == v.ModelId));
        var versionsByStage = (await versions.GroupBy(v => v.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderBy(g => (int)g.Key).Select(g => new StageCount(g.Key, g.Count)).ToList();
        var versionCount = versionsByStage.Sum(s => s.Count);
        var versionsReached = await versions.CountAsync(v => v.Stage == VersionStage.Production
            || db.StageChanges.Any(c => c.ModelId == v.ModelId && c.VersionNumber == v.Number && c.ToStage == VersionStage.Production), ct);
        var modelsReached = await CountAsync(KpiSet.ReachedProduction);

        return new KpiReport(
            now,
            filter,
            modelsByStage,
            versionsByStage,
            roles,
            new ProductionReach(models, modelsReached, Share(modelsReached, models), versionCount, versionsReached, Share(versionsReached, versionCount)),
            await TimeToProductionAsync(db, scoped, CountAsync, ct),
            await ApprovalCyclesAsync(db, scoped, ct),
            new ProductionHealth(inProduction, await CountAsync(KpiSet.OpenAlerts), await CountAsync(KpiSet.DriftAlerts), await CountAsync(KpiSet.FairnessFailed),
                await CountAsync(KpiSet.RetrainingRecommended), await CountAsync(KpiSet.Unwatched)),
            await RevalidationAsync(filter, policy, CountAsync),
            await TrainingDataAsync(db, scoped, now, CountAsync, ct),
            await ThroughputAsync(db, scoped, Quarter.Of(now).LastOf(policy.Quarters), ct));
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

    /// <summary>Registration to first production per model, from its recorded stage changes (one row per model, aggregated in SQL).</summary>
    private static async Task<TimeToProduction> TimeToProductionAsync(PortalDbContext db, IQueryable<Model> scoped, Func<KpiSet, RiskTier?, Task<int>> count, CancellationToken ct)
    {
        var firsts = await scoped
            .Select(m => new { m.CreatedAt, First = db.StageChanges.Where(c => c.ModelId == m.Id && c.ToStage == VersionStage.Production).Min(c => (DateTime?)c.ChangedAt) })
            .Where(x => x.First != null).ToListAsync(ct);
        var days = DurationSummary.Of(firsts.Select(x => (x.First!.Value - x.CreatedAt).TotalDays));
        // Calendar months, as the drill-down's AddMonths counts them: bucket k holds first production in (k, k+1] months.
        var byMonth = new int[HistogramMonths + 1];
        foreach (var x in firsts)
        {
            var k = 0;
            while (k < HistogramMonths && x.First!.Value > x.CreatedAt.AddMonths(k + 1))
            {
                k++;
            }

            byMonth[k]++;
        }

        var over3 = await count(KpiSet.ProductionAfterThreeMonths, null);
        var over7 = await count(KpiSet.ProductionAfterSevenMonths, null);
        return new TimeToProduction(days, over3, Share(over3, days.Count), over7, Share(over7, days.Count), byMonth);
    }

    private static async Task<IReadOnlyList<ApprovalCycle>> ApprovalCyclesAsync(PortalDbContext db, IQueryable<Model> scoped, CancellationToken ct)
    {
        var decided = await db.Requests.AsNoTracking()
            .Where(r => scoped.Any(m => m.Id == r.ModelId) && (r.Status == RequestStatus.Approved || r.Status == RequestStatus.Rejected) && r.ClosedAt != null)
            .Select(r => new { r.Kind, r.RequestedAt, r.ClosedAt }).ToListAsync(ct);
        return [.. Enum.GetValues<RequestKind>().Select(kind => new ApprovalCycle(kind,
            DurationSummary.Of(decided.Where(r => r.Kind == kind).Select(r => (r.ClosedAt!.Value - r.RequestedAt).TotalDays))))];
    }

    private static async Task<IReadOnlyList<RevalidationByTier>> RevalidationAsync(KpiFilter filter, KpiOptions policy, Func<KpiSet, RiskTier?, Task<int>> count)
    {
        var result = new List<RevalidationByTier>();
        foreach (var tier in filter.RiskTier is RiskTier only ? [only] : Enum.GetValues<RiskTier>())
        {
            result.Add(new RevalidationByTier(tier, policy.RevalidationMonths.GetValueOrDefault(tier), await count(KpiSet.InProduction, tier), await count(KpiSet.RevalidationOverdue, tier)));
        }

        return result;
    }

    private static async Task<TrainingDataAge> TrainingDataAsync(PortalDbContext db, IQueryable<Model> scoped, DateTime now, Func<KpiSet, RiskTier?, Task<int>> count, CancellationToken ct)
    {
        var snapshots = await db.Versions.AsNoTracking()
            .Where(v => scoped.Any(m => m.Id == v.ModelId) && v.ProductionRole == ProductionRole.Champion)
            .Select(v => v.TrainingDataset.SnapshotDate).ToListAsync(ct);
        var today = DateOnly.FromDateTime(now);
        var ages = snapshots.OfType<DateOnly>().Select(d => (double)(today.DayNumber - d.DayNumber)).Order().ToArray();
        return new TrainingDataAge(snapshots.Count, ages.Length, Distribution.Percentile(ages, 0.5), await count(KpiSet.StaleTrainingData, null));
    }

    /// <summary>Per quarter: models registered, and distinct models with a version promoted to production or retired (GROUP BY year and quarter).</summary>
    private static async Task<IReadOnlyList<QuarterThroughput>> ThroughputAsync(PortalDbContext db, IQueryable<Model> scoped, IReadOnlyList<Quarter> quarters, CancellationToken ct)
    {
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
