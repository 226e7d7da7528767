using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Portfolio;

/// <summary>
/// The portfolio read model: the inventory grid, the API's model list, the CSV export and every KPI count read models
/// through it, so a KPI figure and its drill-down cannot disagree. One DbContext per call.
/// </summary>
public sealed class PortfolioQueries(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IOptionsMonitor<KpiOptions> kpiOptions)
{
    public async Task<PagedResult<ModelSummary>> QueryModelsAsync(InventoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, InventoryQuery.MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = Filter(db, query);
        var total = await rows.CountAsync(ct);
        var items = await PortfolioRows.ToSummaries(PortfolioRows.Sort(rows, query).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(ct);
        return new PagedResult<ModelSummary>(items, total, page, pageSize);
    }

    /// <summary>How many models match the filters (the KPI dashboard's figures: the same filter its drill-down lists).</summary>
    public async Task<int> CountAsync(InventoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Filter(db, query).CountAsync(ct);
    }

    /// <summary>How many models match the filters, per risk tier (the KPI dashboard's revalidation figures), grouped in SQL.</summary>
    public async Task<IReadOnlyDictionary<RiskTier, int>> CountByRiskTierAsync(InventoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await Filter(db, query).GroupBy(r => r.RiskTier).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return groups.ToDictionary(g => g.Key, g => g.Count);
    }

    /// <summary>How many models matching the filters are at each stage (a model's stage as the grid shows it), grouped in SQL.</summary>
    public async Task<IReadOnlyList<(VersionStage? Stage, int Count)>> StageCountsAsync(InventoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await Filter(db, query).GroupBy(r => r.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return [.. groups.Select(g => (g.Key, g.Count))];
    }

    /// <summary>Every model matching the filters, streamed row by row (for CSV export).</summary>
    public async IAsyncEnumerable<ModelSummary> StreamModelsAsync(InventoryQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var row in PortfolioRows.ToSummaries(PortfolioRows.Sort(Filter(db, query), query)).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>Distinct values for the grid's filter lists, grouped in SQL.</summary>
    public async Task<InventoryFilterOptions> GetFilterOptionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Models.GroupBy(m => m.BusinessUnit).Select(g => g.Key).OrderBy(x => x).ToListAsync(ct);
        var owners = await db.Models.GroupBy(m => m.Owner).Select(g => g.Key).OrderBy(x => x).ToListAsync(ct);
        return new InventoryFilterOptions(units, owners);
    }

    private IQueryable<PortfolioRow> Filter(PortalDbContext db, InventoryQuery q)
    {
        var models = db.Models.AsNoTracking();
        if (q.Language is ModelLanguage language)
        {
            models = models.Where(m => m.Versions.Any(v => v.Language == language));
        }

        var rows = PortfolioRows.Filter(PortfolioRows.Of(db, models), q);
        return q.Kpi is KpiSet set
            ? KpiSetFilter.Apply(db, rows, new KpiSelection(set, q.Quarter), kpiOptions.CurrentValue, clock.GetUtcNow().UtcDateTime)
            : rows;
    }
}
