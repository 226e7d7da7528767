using Microsoft.EntityFrameworkCore;
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
        var version = await db.Versions.AsNoTracking().AsSplitQuery()
            .Include(v => v.Model).Include(v => v.Features).Include(v => v.Deployments)
            .SingleOrDefaultAsync(v => v.ModelId == modelId && v.Number == number, ct);
        return version is null ? null : InventoryMapping.ToDetails(version);
    }
}
