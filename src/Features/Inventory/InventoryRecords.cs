using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>What the inventory's writes share: input checks, unique names, stale edits, and the fields the audit log records.</summary>
internal static class InventoryRecords
{
    public static void ThrowIfInvalid(object input)
    {
        var errors = InputValidator.Validate(input);
        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }
    }

    public static async Task ThrowIfNameTakenAsync(PortalDbContext db, string name, int? exceptId, CancellationToken ct)
    {
        var trimmed = name.Trim();
        // Case-insensitive on both providers (SQLite compares case-sensitively by default).
        var taken = await db.Models.AnyAsync(m => m.Name.ToUpper() == trimmed.ToUpper() && m.Id != exceptId, ct);
        if (taken)
        {
            throw DuplicateName(trimmed);
        }
    }

    public static async Task SaveAsync(IDbContextFactory<PortalDbContext> dbFactory, PortalDbContext db, string name, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The unique index caught a registration that raced ours past the check above; anything else is not ours to explain.
            await using var check = await dbFactory.CreateDbContextAsync(ct);
            var trimmed = name.Trim();
            if (await check.Models.AnyAsync(m => m.Name.ToUpper() == trimmed.ToUpper(), ct))
            {
                throw DuplicateName(trimmed);
            }

            throw;
        }
    }

    public static ConflictException DuplicateName(string name) =>
        new(ConflictKind.DuplicateName, InventoryMessages.Format(InventoryMessages.DuplicateName, name));

    public static ConflictException StaleEdit(string name) =>
        new(ConflictKind.StaleEdit, InventoryMessages.Format(InventoryMessages.StaleEdit, name));

    public static void Apply(ModelInput input, Model model, DateTime now, string actor)
    {
        model.Name = input.Name!.Trim();
        model.Purpose = input.Purpose!.Trim();
        model.IntendedUse = input.IntendedUse!.Trim();
        model.Limitations = input.Limitations?.Trim() ?? "";
        model.BusinessUnit = input.BusinessUnit!.Trim();
        model.Owner = input.Owner!.Trim();
        model.Developers = Clean(input.Developers);
        model.ModelType = input.ModelType!.Value;
        model.RiskTier = input.RiskTier!.Value;
        model.Tags = Clean(input.Tags);
        model.SensitiveAttributes = Clean(input.SensitiveAttributes);
        model.NextValidationDue = input.NextValidationDue;
        model.UpdatedAt = now;
        model.UpdatedBy = actor;
    }

    public static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A model's inventory fields as the audit log records them.</summary>
    public static object Fields(Model m) => new
    {
        m.Name, m.Purpose, m.IntendedUse, m.Limitations, m.BusinessUnit, m.Owner, m.OwnerId, Developers = m.Developers.ToList(),
        DeveloperIds = m.DeveloperIds.ToList(), m.ModelType, m.RiskTier,
        Tags = m.Tags.ToList(), SensitiveAttributes = m.SensitiveAttributes.ToList(), m.NextValidationDue,
    };

    /// <summary>A version's lineage fields as the audit log records them.</summary>
    public static object Fields(ModelVersion v) => new
    {
        v.Number, v.Algorithm, v.Language, v.Framework, v.ArtifactUri, v.ArtifactSha256, v.TrainingDataset, v.CodeRepository, v.CodeCommit,
        Hyperparameters = v.HyperparametersJson, Features = v.Features.Select(f => new { f.Name, f.Type }).ToList(), v.ParentVersion,
    };

    public static List<string> Clean(IEnumerable<string> items) => items.Select(i => i.Trim()).ToList();

    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
