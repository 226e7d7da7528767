using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>
/// Edits a model's inventory entry (audited, refused when stale). Its governance fields (owner, developers, risk tier,
/// sensitive attributes) change only by the owner or a validator (<see cref="ModelGovernance"/>).
/// </summary>
public sealed class EditModel(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditTrail audit)
{
    /// <returns>The updated model, or null when there is no model with that id.</returns>
    /// <param name="expectedStamp">When given, the edit is refused if someone changed the model since it was read.</param>
    /// <exception cref="ForbiddenException">A change to the owner, developers, risk tier or sensitive attributes by someone who is neither the owner nor a validator, or a developer taking their own name off the list.</exception>
    public async Task<ModelDetails?> UpdateModelAsync(int modelId, ModelInput input, Guid? expectedStamp, Actor actor, CancellationToken ct = default)
    {
        InventoryRecords.ThrowIfInvalid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsSplitQuery()
            .Include(m => m.Versions).ThenInclude(v => v.Deployments)
            .SingleOrDefaultAsync(m => m.Id == modelId, ct);
        if (model is null)
        {
            return null;
        }

        if (expectedStamp is Guid stamp && stamp != model.ConcurrencyStamp)
        {
            throw InventoryRecords.StaleEdit(model.Name);
        }

        await InventoryRecords.ThrowIfNameTakenAsync(db, input.Name!, exceptId: modelId, ct);
        var before = InventoryRecords.Fields(model);
        var governanceBefore = ModelGovernance.Of(model);
        InventoryRecords.Apply(input, model, clock.GetUtcNow().UtcDateTime, actor.Name);
        await ModelGovernance.LinkPeopleAsync(db, model, governanceBefore, actor, relink: governanceBefore.MayChange(actor), ct);
        var governanceAfter = ModelGovernance.Of(model);
        var changed = governanceBefore.ChangedFields(governanceAfter);
        governanceBefore.ThrowIfChangeRefused(governanceAfter, changed, actor);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await InventoryRecords.SaveAsync(dbFactory, db, input.Name!, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw InventoryRecords.StaleEdit(model.Name);
        }

        List<AuditEntry> entries = [new("model.updated", "Model", InventoryRecords.Id(model.Id), before, InventoryRecords.Fields(model))];
        if (changed.Count > 0)
        {
            // Its own event, so an auditor filtering for changes to who may decide and what is checked finds every one.
            entries.Add(new("model.governance-changed", "Model", InventoryRecords.Id(model.Id), governanceBefore.Only(changed), governanceAfter.Only(changed)));
        }

        await audit.AppendAsync(db, actor, entries, ct);
        await transaction.CommitAsync(ct);
        return InventoryMapping.ToDetails(model);
    }
}
