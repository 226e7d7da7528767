using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>
/// A version's tags (a ticket, a deployment note, a validation reference): replaced as a whole by anyone who registers
/// models, each change audited with the tags before and after. Tags are labels about the version, not what it is: its
/// artifact, data, code and hyperparameters stay as registered (the database context refuses any change to them).
/// </summary>
public sealed partial class SetVersionTags(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditTrail audit)
{
    public const int KeyLength = 64;
    public const int ValueLength = 256;
    public const int MaxTags = 50;

    [GeneratedRegex("^[A-Za-z0-9_.:/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    /// <returns>The tags as stored, or null when there is no such version.</returns>
    /// <exception cref="InputRejectedException">A key that is blank, too long or not made of letters, digits and <c>_ . - : /</c>; a value too long; too many tags.</exception>
    public async Task<IReadOnlyDictionary<string, string>?> SetAsync(int modelId, int number, VersionTagsInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var tags = Validate(input.Tags ?? new Dictionary<string, string>());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.LockModelAsync(modelId, ct))
        {
            return null;
        }

        var version = await db.Versions.Include(v => v.Tags).SingleOrDefaultAsync(v => v.ModelId == modelId && v.Number == number, ct);
        if (version is null)
        {
            return null;
        }

        var before = Stored(version);
        if (!before.OrderBy(t => t.Key, StringComparer.Ordinal).SequenceEqual(tags.OrderBy(t => t.Key, StringComparer.Ordinal)))
        {
            version.Tags.RemoveAll(t => !tags.ContainsKey(t.Key));
            foreach (var (key, value) in tags)
            {
                if (version.Tags.Find(t => t.Key == key) is { } kept)
                {
                    kept.Value = value;
                }
                else
                {
                    version.Tags.Add(new VersionTag { Key = key, Value = value });
                }
            }

            var model = await db.Models.SingleAsync(m => m.Id == modelId, ct);
            model.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            model.UpdatedBy = actor.Name;
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, actor, [new("version.tags-changed", AuditEntry.Version, AuditEntry.VersionId(modelId, number),
                new { tags = before }, new { tags = Stored(version) })], ct);
        }

        await transaction.CommitAsync(ct);
        return Stored(version);
    }

    private static SortedDictionary<string, string> Stored(ModelVersion version) =>
        new(version.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    private static Dictionary<string, string> Validate(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > MaxTags)
        {
            throw InputRejectedException.For("tags", InventoryMessages.Format(InventoryMessages.TooManyTags, MaxTags));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var cleaned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawKey, rawValue) in tags)
        {
            var key = rawKey.Trim();
            var value = TextHygiene.Normalize(rawValue?.Trim() ?? "");
            var at = $"tags.{rawKey}";
            if (key.Length == 0 || key.Length > KeyLength || !KeyPattern().IsMatch(key))
            {
                errors[at] = [InventoryMessages.Format(InventoryMessages.TagKeyInvalid, rawKey, KeyLength)];
            }
            else if (TextHygiene.Problem(value) is { } unclean)
            {
                errors[at] = [unclean];
            }
            else if (value.Length > ValueLength)
            {
                errors[at] = [InventoryMessages.Format(InventoryMessages.TagValueTooLong, key, ValueLength)];
            }
            else if (!cleaned.TryAdd(key, value))
            {
                errors[at] = [InventoryMessages.Format(InventoryMessages.TagRepeated, key)];
            }
        }

        return errors.Count > 0 ? throw new InputRejectedException(errors) : cleaned;
    }
}
