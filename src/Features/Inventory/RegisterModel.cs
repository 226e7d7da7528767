using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>Enters a model in the inventory (audited); the owner and developers are linked to the people who signed in under those names.</summary>
public sealed class RegisterModel(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditTrail audit)
{
    /// <exception cref="InputRejectedException">The input is invalid.</exception>
    /// <exception cref="ConflictException">Another model has that name.</exception>
    public async Task<ModelDetails> RegisterModelAsync(ModelInput input, Actor actor, CancellationToken ct = default)
    {
        InventoryRecords.ThrowIfInvalid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await InventoryRecords.ThrowIfNameTakenAsync(db, input.Name!, exceptId: null, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var model = new Model { CreatedAt = now, CreatedBy = actor.Name };
        InventoryRecords.Apply(input, model, now, actor.Name);
        await ModelGovernance.LinkPeopleAsync(db, model, new ModelGovernance(new PersonRef(null, ""), [], model.RiskTier, []), actor, relink: true, ct);
        db.Models.Add(model);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await InventoryRecords.SaveAsync(dbFactory, db, input.Name!, ct);
        await audit.AppendAsync(db, actor, [new("model.created", "Model", InventoryRecords.Id(model.Id), After: InventoryRecords.Fields(model))], ct);
        await transaction.CommitAsync(ct);
        return InventoryMapping.ToDetails(model);
    }
}
