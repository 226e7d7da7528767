using System.Buffers;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Infrastructure.Audit;

/// <summary>
/// Who acts: the signed-in person or API key's service account, with their portal roles and stable id (the provider's
/// subject; null only where no one signed in: seeding and tests that pass a bare name).
/// </summary>
public sealed record Actor(string Name, IReadOnlyList<string> Roles, string? Id = null)
{
    public static Actor Of(ClaimsPrincipal? user) =>
        new(ActorName.Of(user), user is null ? [] : [.. PortalRoles.All.Where(user.IsInRole)], ActorName.IdOf(user));

    /// <summary>A name without roles: seeding and tests, where no one signed in.</summary>
    public static implicit operator Actor(string name) => new(name, []);

    /// <summary>This actor as a record names them.</summary>
    public PersonRef Ref => new(Id, Name);

    /// <summary>
    /// Whether a record names this actor: by id when both carry one (a renamed person is still themselves, a namesake is
    /// not), by name when the record has no id (rows from before ids were kept, names no one signed in under).
    /// </summary>
    public bool Is(PersonRef? person) =>
        person is not null && (person.HasId && !string.IsNullOrEmpty(Id)
            ? string.Equals(person.Id, Id, StringComparison.Ordinal)
            : string.Equals(person.Name.Trim(), Name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether this actor holds the id: rights are granted by id only, never by a name someone could take.</summary>
    public bool HasId(string? id) => !string.IsNullOrEmpty(id) && string.Equals(id, Id, StringComparison.Ordinal);

    public override string ToString() => Name;
}

/// <summary>One change to record: what was done to which item, with the item before and after (any JSON-serializable value).</summary>
public sealed record AuditEntry(string Action, string EntityType, string EntityId, object? Before = null, object? After = null)
{
    public const string Version = "Version";

    /// <summary>A version's entity id: "{modelId}/v{number}" (the audit page turns it back into a link).</summary>
    public static string VersionId(int modelId, int number) => string.Create(CultureInfo.InvariantCulture, $"{modelId}/v{number}");
}

/// <summary>The result of walking the chain: intact with its length and last hash, or the first sequence number where it breaks.</summary>
public sealed record AuditVerification(bool Intact, long Count, string? LastHash, long? BrokenAt, string? Problem);

/// <summary>
/// Appends events to the hash chain inside the caller's transaction, so an event is stored exactly when its change is.
/// Appends serialize on the head row (updated first), so sequence numbers and links never fork.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <exception cref="InvalidOperationException">No transaction is open on <paramref name="db"/>.</exception>
    public async Task AppendAsync(PortalDbContext db, Actor actor, IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(entries);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit events are appended inside the transaction of the change they record.");
        }

        if (entries.Count == 0)
        {
            return;
        }

        // Touching the head first takes its lock (SQLite: the write lock; SQL Server: the row lock) until commit.
        await db.AuditHeads.Where(h => h.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, h => h.LastSequence), ct);
        var head = await db.AuditHeads.SingleAsync(h => h.Id == 1, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in entries)
        {
            var e = new AuditEvent
            {
                Sequence = head.LastSequence + 1,
                OccurredAt = now,
                Actor = actor.Name,
                ActorId = actor.Id,
                ActorRoles = string.Join(",", actor.Roles),
                Action = entry.Action,
                EntityType = entry.EntityType,
                EntityId = entry.EntityId,
                Before = entry.Before is null ? null : JsonSerializer.Serialize(entry.Before, StateJson),
                After = entry.After is null ? null : JsonSerializer.Serialize(entry.After, StateJson),
                PreviousHash = head.LastHash,
            };
            e.Hash = HashOf(e);
            db.AuditEvents.Add(e);
            head.LastSequence = e.Sequence;
            head.LastHash = e.Hash;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>SHA-256 (lower-case hex) over the previous hash and the event's canonical form: a JSON array of its fields in a fixed order.</summary>
    public static string HashOf(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(e.PreviousHash);
            json.WriteNumberValue(e.Sequence);
            json.WriteStringValue(e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteStringValue(e.Actor);
            json.WriteStringValue(e.ActorRoles);
            json.WriteStringValue(e.Action);
            json.WriteStringValue(e.EntityType);
            json.WriteStringValue(e.EntityId);
            WriteOrNull(json, e.Before);
            WriteOrNull(json, e.After);
            if (e.ActorId is not null)
            {
                // Appended only when known, so events recorded before ids were kept hash as they always did.
                json.WriteStringValue(e.ActorId);
            }

            json.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Walks events in sequence order (see <see cref="ChainCheck"/>).</summary>
    public static AuditVerification Verify(IEnumerable<AuditEvent> ordered, AuditHead head)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var check = new ChainCheck();
        foreach (var e in ordered)
        {
            if (!check.Add(e))
            {
                break;
            }
        }

        return check.Finish(head);
    }

    private static void WriteOrNull(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}

/// <summary>
/// Checks a chain one event at a time (so a long log streams through): each event must follow its predecessor by one,
/// name its hash, and hash to what it stores; at the end the head must point at the last one. The first failure wins.
/// </summary>
public sealed class ChainCheck
{
    private long expected = 1;
    private long count;
    private string previous = AuditTrail.Genesis;
    private AuditVerification? failure;

    /// <returns>False once the chain is broken (later events are not looked at).</returns>
    public bool Add(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (failure is not null)
        {
            return false;
        }

        failure = e.Sequence != expected ? new AuditVerification(false, count, previous, expected, e.Sequence > expected ? "missing" : "out-of-order")
            : e.PreviousHash != previous ? new AuditVerification(false, count, previous, e.Sequence, "link")
            : AuditTrail.HashOf(e) != e.Hash ? new AuditVerification(false, count, previous, e.Sequence, "content")
            : null;
        if (failure is not null)
        {
            return false;
        }

        previous = e.Hash;
        count++;
        expected++;
        return true;
    }

    public AuditVerification Finish(AuditHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return failure
            ?? (head.LastSequence != count || head.LastHash != previous
                ? new AuditVerification(false, count, previous, count + 1, "missing")
                : new AuditVerification(true, count, previous, null, null));
    }
}
