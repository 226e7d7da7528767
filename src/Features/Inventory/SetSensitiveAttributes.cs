using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>Which columns fairness is computed for: the model's owner or a validator sets them (audited).</summary>
public sealed class SetSensitiveAttributes(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditTrail audit)
{
    public const int MaxSensitiveAttributes = 20;

    /// <summary>
    /// Replaces the model's sensitive attributes (the columns fairness is computed for). Allowed to the model's owner and
    /// to validators; the attributes decide what a validator sees, so the rest of the team does not change them alone.
    /// </summary>
    /// <returns>The attributes as stored, or null when there is no model with that id.</returns>
    /// <exception cref="ForbiddenException">The actor is neither the owner nor a validator.</exception>
    /// <exception cref="InputRejectedException">A blank, too long or repeated name, or too many.</exception>
    public async Task<IReadOnlyList<string>?> SetSensitiveAttributesAsync(int modelId, IReadOnlyList<string>? attributes, Actor actor, bool isValidator, CancellationToken ct = default)
    {
        var cleaned = (attributes ?? []).Select(a => TextHygiene.Normalize(a?.Trim() ?? "")).ToList();
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < cleaned.Count; i++)
        {
            var problem = TextHygiene.Problem(cleaned[i]) is { } unclean ? unclean
                : cleaned[i].Length == 0 ? InventoryMessages.AttributeBlank
                : cleaned[i].Length > FieldLimits.ListItem ? InventoryMessages.Format(InventoryMessages.AttributeTooLong, FieldLimits.ListItem)
                : cleaned.FindIndex(a => string.Equals(a, cleaned[i], StringComparison.OrdinalIgnoreCase)) < i ? InventoryMessages.Format(InventoryMessages.AttributeRepeated, cleaned[i])
                : null;
            if (problem is not null)
            {
                errors[$"attributes[{i}]"] = [problem];
            }
        }

        if (cleaned.Count > MaxSensitiveAttributes)
        {
            errors["attributes"] = [InventoryMessages.Format(InventoryMessages.TooManyAttributes, MaxSensitiveAttributes)];
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.SingleOrDefaultAsync(m => m.Id == modelId, ct);
        if (model is null)
        {
            return null;
        }

        if (!isValidator && !actor.HasId(model.OwnerId))
        {
            throw new ForbiddenException("Not the owner or a validator", InventoryMessages.Format(
                string.IsNullOrEmpty(model.OwnerId) ? InventoryMessages.AttributesOwnerNotLinked : InventoryMessages.AttributesOwnerOrValidator, model.Owner));
        }

        var before = model.SensitiveAttributes.ToList();
        model.SensitiveAttributes = cleaned;
        model.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        model.UpdatedBy = actor.Name;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new("model.sensitive-attributes-changed", "Model", InventoryRecords.Id(modelId),
            new { sensitiveAttributes = before }, new { sensitiveAttributes = cleaned })], ct);
        await transaction.CommitAsync(ct);
        return cleaned;
    }
}
