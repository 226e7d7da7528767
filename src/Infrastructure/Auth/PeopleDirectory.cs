using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Infrastructure.Auth;

/// <summary>
/// The people the portal has seen sign in, by stable id, and the resolution of the names typed into a model's owner
/// and developers into those ids (docs/decisions/014-people-by-subject-id.md).
/// </summary>
public sealed class PeopleDirectory(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Records a sign-in: the person's id with the display name and e-mail the provider gave this time.</summary>
    public async Task RecordSignInAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (ActorName.IdOf(user) is not { } id)
        {
            return;
        }

        var email = user.FindFirst("email")?.Value ?? user.FindFirst(ClaimTypes.Email)?.Value;
        await RecordAsync(id, ActorName.Of(user), email, serviceAccount: false, ct);
    }

    /// <summary>Adds or refreshes one person (or service account). Two sign-ins of one person at once both succeed.</summary>
    public async Task RecordAsync(string id, string displayName, string? email, bool serviceAccount, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var now = clock.GetUtcNow().UtcDateTime;
        var name = Bounded(TextHygiene.Normalize(displayName.Trim()), FieldLimits.ShortText);
        var mail = email is null ? null : Bounded(email.Trim(), FieldLimits.Email);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var person = await db.People.SingleOrDefaultAsync(p => p.Id == id, ct);
            if (person is null)
            {
                db.People.Add(person = new Person { Id = id, FirstSeenAt = now });
            }

            person.DisplayName = name;
            person.Email = mail ?? person.Email;
            person.IsServiceAccount = serviceAccount;
            person.LastSeenAt = now;
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The same person signed in on another tab or instance at the same moment: the row exists now; update it.
            }
        }
    }

    /// <summary>
    /// Turns the names typed for a model's people into references: the acting person's own name is their id; an entry that
    /// is a known id is that person; a name exactly one known person has is theirs; a name no one has signed in under is
    /// kept without an id (it is compared by name). Entries that were already resolved and did not change keep their id.
    /// </summary>
    /// <param name="previous">What the record held before the edit (matched by name, not position).</param>
    /// <param name="relink">Whether entries that had no id may be linked now (only someone allowed to change them).</param>
    /// <exception cref="InputRejectedException">A name several known people share; the message lists their ids.</exception>
    public static async Task<List<PersonRef>> ResolveAsync(PortalDbContext db, IReadOnlyList<string> entries, IReadOnlyList<PersonRef> previous,
        Actor actor, bool relink, string field, bool isList, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(actor);
        var wanted = entries.Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var known = wanted.Count == 0 ? []
            : await db.People.AsNoTracking().Where(p => wanted.Contains(p.Id) || wanted.Contains(p.DisplayName)).ToListAsync(ct);
        var errors = new Dictionary<string, string[]>();
        var resolved = new List<PersonRef>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var key = isList ? $"{field}[{i}]" : field;
            var before = previous.FirstOrDefault(p => string.Equals(p.Name, entry, StringComparison.OrdinalIgnoreCase));
            if (before is not null && (before.HasId || !relink))
            {
                resolved.Add(before with { Name = entry });
                continue;
            }

            if (!string.IsNullOrEmpty(actor.Id) && string.Equals(entry, actor.Name, StringComparison.OrdinalIgnoreCase))
            {
                resolved.Add(new PersonRef(actor.Id, entry));
                continue;
            }

            if (known.FirstOrDefault(p => string.Equals(p.Id, entry, StringComparison.Ordinal)) is { } byId)
            {
                resolved.Add(new PersonRef(byId.Id, byId.DisplayName));
                continue;
            }

            var named = known.Where(p => string.Equals(p.DisplayName, entry, StringComparison.OrdinalIgnoreCase)).ToList();
            if (named.Count > 1)
            {
                errors[key] = [ValidationText.Format(ValidationText.PersonAmbiguous, named.Count, entry, string.Join(", ", named.Select(p => p.Id).Order(StringComparer.Ordinal)))];
            }

            resolved.Add(new PersonRef(named.Count == 1 ? named[0].Id : null, entry));
        }

        return errors.Count > 0 ? throw new InputRejectedException(errors) : resolved;
    }

    private static string Bounded(string value, int max) => value.Length <= max ? value : value[..max];
}
