using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>Registers a trained version of a model with its lineage (artifact, data, code, features), numbered by the portal.</summary>
public sealed class RegisterVersion(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditTrail audit)
{
    /// <returns>The new version with its portal-assigned number, or null when the model does not exist.</returns>
    public async Task<VersionDetails?> RegisterVersionAsync(int modelId, VersionInput input, Actor actor, CancellationToken ct = default)
    {
        InventoryRecords.ThrowIfInvalid(input);
        var hyperparameters = input.Hyperparameters?.ToJsonString() ?? "{}";
        if (hyperparameters.Length > FieldLimits.Hyperparameters)
        {
            throw InputRejectedException.For("hyperparameters",
                InventoryMessages.Format(InventoryMessages.HyperparametersTooLong, hyperparameters.Length, FieldLimits.Hyperparameters));
        }

        // Two pipelines registering at once would both compute the same next number: the model's row lock, taken before
        // its versions are read, makes the second wait for the first and number after it (on every provider; issue #20's
        // load test on PostgreSQL answered 500 where a retry on the unique index ran out).
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.LockModelAsync(modelId, ct))
        {
            return null;
        }

        var model = await db.Models.Include(m => m.Versions).SingleAsync(m => m.Id == modelId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var dataset = input.TrainingDataset!;
        var version = new ModelVersion
        {
            Algorithm = input.Algorithm!.Trim(),
            Language = input.Language!.Value,
            Framework = input.Framework?.Trim() ?? "",
            ArtifactUri = input.ArtifactUri!.Trim(),
            ArtifactSha256 = input.ArtifactSha256!.ToLowerInvariant(),
            TrainingDataset = new TrainingDataset
            {
                Name = dataset.Name!.Trim(),
                Uri = InventoryRecords.NullIfBlank(dataset.Uri),
                Sha256 = InventoryRecords.NullIfBlank(dataset.Sha256)?.ToLowerInvariant(),
                Rows = dataset.Rows,
                SnapshotDate = dataset.SnapshotDate,
            },
            CodeRepository = input.CodeRepository?.Trim() ?? "",
            CodeCommit = input.CodeCommit?.ToLowerInvariant() ?? "",
            HyperparametersJson = hyperparameters,
            Features = input.Features.Select((f, i) => new VersionFeature { Ordinal = i, Name = f.Name!.Trim(), Type = f.Type!.Value }).ToList(),
            ParentVersion = input.ParentVersion,
            CreatedAt = now,
            CreatedBy = actor.Name,
            CreatedById = actor.Id,
        };
        try
        {
            model.AddVersion(version);
        }
        catch (ParentVersionMissingException e)
        {
            throw InputRejectedException.For("parentVersion",
                InventoryMessages.Format(InventoryMessages.ParentVersionMissing, e.Parent, model.Name,
                    e.Existing.Count == 0 ? InventoryMessages.NoVersionsYet : string.Join(", ", e.Existing)));
        }

        model.UpdatedAt = now;
        model.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new("version.created", AuditEntry.Version, AuditEntry.VersionId(model.Id, version.Number), After: InventoryRecords.Fields(version))], ct);
        await transaction.CommitAsync(ct);
        return InventoryMapping.ToDetails(version);
    }
}
