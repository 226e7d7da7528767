using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>Where a version has been, and which version was the champion on a given day (time travel for auditors).</summary>
public sealed class ChampionHistory(IDbContextFactory<PortalDbContext> dbFactory, RequestQueries requests)
{
    /// <summary>The version's stage changes, oldest first, each with the request that made it.</summary>
    public async Task<IReadOnlyList<StageChangeView>> HistoryAsync(int modelId, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changes = await db.StageChanges.AsNoTracking().Where(c => c.ModelId == modelId && c.VersionNumber == version)
            .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync(ct);
        var ids = changes.Where(c => c.RequestId is not null).Select(c => c.RequestId!.Value).Distinct().ToList();
        var kinds = await db.Requests.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Kind, ct);
        return [.. changes.Select(c => new StageChangeView(c.VersionNumber, c.FromStage, c.FromRole, c.ToStage, c.ToRole, c.RequestId,
            c.RequestId is int id && kinds.TryGetValue(id, out var k) ? k : null, c.ChangedBy, c.ChangedAt))];
    }

    /// <summary>
    /// Replays the model's recorded stage changes up to <paramref name="at"/> to find the champion then, and the request
    /// that made it champion. Null when there is no such model.
    /// </summary>
    public async Task<ChampionAt?> ChampionAtAsync(int modelId, DateTime at, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Models.AnyAsync(m => m.Id == modelId, ct))
        {
            return null;
        }

        var changes = await db.StageChanges.AsNoTracking()
            .Where(c => c.ModelId == modelId && c.ChangedAt <= at && (c.ToRole == ProductionRole.Champion || c.FromRole == ProductionRole.Champion))
            .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync(ct);
        StageChange? crowned = null;
        foreach (var change in changes)
        {
            if (change.ToRole == ProductionRole.Champion)
            {
                crowned = change;
            }
            else if (crowned?.VersionNumber == change.VersionNumber)
            {
                crowned = null;
            }
        }

        var request = crowned?.RequestId is int id ? await requests.GetAsync(id, ct) : null;
        return new ChampionAt(modelId, at, crowned?.VersionNumber, crowned?.ChangedAt, request);
    }
}
