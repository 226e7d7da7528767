using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>
/// Deployments: where a version runs, recorded when it goes live and when it is taken down. Only a version in
/// production (promoted through an approved request) may be deployed. Each change writes its audit event in the
/// same transaction.
/// </summary>
public sealed class DeploymentService(IDbContextFactory<PortalDbContext> dbFactory, AuditTrail audit, TimeProvider clock)
{
    public const string EntityType = "Deployment";

    /// <returns>The recorded deployment, or null when the model has no such version.</returns>
    /// <exception cref="InputRejectedException">A missing target, environment or endpoint, or a time in the future.</exception>
    /// <exception cref="ConflictException">The version is not in production.</exception>
    public async Task<DeploymentDetails?> RecordAsync(int modelId, int version, DeploymentInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = InputValidator.Validate(input);
        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var deployedAt = input.DeployedAt?.ToUniversalTime() ?? now;
        if (deployedAt > now.AddMinutes(5))
        {
            throw InputRejectedException.For("deployedAt", InventoryMessages.Format(InventoryMessages.DeploymentInFuture, deployedAt));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await db.Versions.SingleOrDefaultAsync(v => v.ModelId == modelId && v.Number == version, ct);
        if (target is null)
        {
            return null;
        }

        if (target.Stage != VersionStage.Production)
        {
            throw new ConflictException(ConflictKind.IllegalTransition, InventoryMessages.Format(InventoryMessages.DeploymentNeedsProduction, version));
        }

        var deployment = new Deployment
        {
            VersionId = target.Id, Target = input.Target!.Value, Environment = input.Environment!.Trim(), Endpoint = input.Endpoint!.Trim(),
            DeployedAt = deployedAt, DeployedBy = actor.Name,
        };
        db.Deployments.Add(deployment);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var details = InventoryMapping.ToDetails(deployment, version);
        await audit.AppendAsync(db, actor, [new("deployment.created", EntityType, Id(deployment.Id), After: Fields(details, modelId))], ct);
        await transaction.CommitAsync(ct);
        return details;
    }

    /// <summary>Records that a live deployment was taken down now.</summary>
    /// <returns>The deployment as it is now, or null when there is no such deployment.</returns>
    /// <exception cref="ConflictException">It was already removed (also when someone else removed it a moment ago).</exception>
    public async Task<DeploymentDetails?> RemoveAsync(int deploymentId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Deployments.AsNoTracking().Where(d => d.Id == deploymentId)
            .Select(d => new { Deployment = d, d.Version!.ModelId, d.Version.Number }).SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Only a live deployment is taken down: of two simultaneous removals one updates the row, the other none.
        var updated = await db.Deployments.Where(d => d.Id == deploymentId && d.RemovedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.RemovedAt, now).SetProperty(d => d.RemovedBy, actor.Name), ct);
        if (updated == 0)
        {
            var by = await db.Deployments.Where(d => d.Id == deploymentId).Select(d => d.RemovedBy).SingleAsync(ct);
            throw new ConflictException(ConflictKind.AlreadyDone, InventoryMessages.Format(InventoryMessages.DeploymentAlreadyRemoved, deploymentId, by));
        }

        var before = InventoryMapping.ToDetails(found.Deployment, found.Number);
        var after = before with { RemovedAt = now, RemovedBy = actor.Name };
        await audit.AppendAsync(db, actor, [new("deployment.removed", EntityType, Id(deploymentId), Fields(before, found.ModelId), Fields(after, found.ModelId))], ct);
        await transaction.CommitAsync(ct);
        return after;
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static object Fields(DeploymentDetails d, int modelId) => new
    {
        ModelId = modelId, Version = d.VersionNumber, d.Target, d.Environment, d.Endpoint, d.DeployedAt, d.DeployedBy, d.RemovedAt, d.RemovedBy,
    };
}
