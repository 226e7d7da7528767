using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>
/// A model's and a version's details, as their pages, the API and the other features read them (lists and counts are the
/// portfolio read model's, <see cref="PortfolioQueries"/>). One DbContext per call.
/// </summary>
public sealed class InventoryQueries(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<ModelDetails?> GetModelAsync(int modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().AsSplitQuery()
            .Include(m => m.Versions).ThenInclude(v => v.Deployments)
            .SingleOrDefaultAsync(m => m.Id == modelId, ct);
        if (model is null)
        {
            return null;
        }

        var withoutChampion = await PortfolioRows.Of(db, db.Models.Where(m => m.Id == modelId)).Select(r => r.WithoutChampion).SingleAsync(ct);
        return InventoryMapping.ToDetails(model) with { WithoutChampion = withoutChampion };
    }

    public async Task<VersionDetails?> GetVersionAsync(int modelId, int number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await WithDetails(db).SingleOrDefaultAsync(v => v.ModelId == modelId && v.Number == number, ct);
        return version is null ? null : InventoryMapping.ToDetails(version);
    }

    /// <summary>The id of the model of that name (names are unique without regard to case), or null.</summary>
    public async Task<int?> ModelIdByNameAsync(string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wanted = name.Trim().ToUpperInvariant();
        return await db.Models.Where(m => m.Name.ToUpper() == wanted).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// The number a version alias stands for: <see cref="VersionAlias.Champion"/> the current champion,
    /// <see cref="VersionAlias.Latest"/> the newest registered. Null when the model has no such version (or does not exist).
    /// </summary>
    public async Task<int?> VersionNumberAsync(int modelId, VersionAlias alias, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var versions = db.Versions.Where(v => v.ModelId == modelId);
        return alias == VersionAlias.Champion
            ? await versions.Where(v => v.ProductionRole == ProductionRole.Champion).Select(v => (int?)v.Number).SingleOrDefaultAsync(ct)
            : await versions.MaxAsync(v => (int?)v.Number, ct);
    }

    /// <summary>The model's challengers (versions in production beside the champion), by number; null when there is no such model.</summary>
    public async Task<IReadOnlyList<VersionDetails>?> ChallengersAsync(int modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Models.AnyAsync(m => m.Id == modelId, ct))
        {
            return null;
        }

        var versions = await WithDetails(db)
            .Where(v => v.ModelId == modelId && v.ProductionRole == ProductionRole.Challenger).OrderBy(v => v.Number).ToListAsync(ct);
        return [.. versions.Select(InventoryMapping.ToDetails)];
    }

    /// <summary>What <see cref="VersionDetails"/> is made of.</summary>
    private static IQueryable<ModelVersion> WithDetails(PortalDbContext db) =>
        db.Versions.AsNoTracking().AsSplitQuery().Include(v => v.Model).Include(v => v.Features).Include(v => v.Deployments)
            .Include(v => v.TrainingMetrics).Include(v => v.Tags);
}
