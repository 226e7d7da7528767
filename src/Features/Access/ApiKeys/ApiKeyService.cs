using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Access.ApiKeys;

public sealed record ApiKeyInfo(int Id, string Owner, IReadOnlyList<string> Roles, string Prefix, DateTime CreatedAt, string CreatedBy,
    DateTime ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt, string? RevokedBy);

/// <summary>The key in plain text, shown once, and what was stored about it.</summary>
public sealed record CreatedApiKey(string Key, ApiKeyInfo Info);

/// <summary>Who presented a valid key.</summary>
public sealed record KeyHolder(string Name, IReadOnlyList<string> Roles);

/// <summary>API keys for pipelines: created by Admins, stored as SHA-256, revocable at once.</summary>
public sealed class ApiKeyService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IOptionsMonitor<ServiceAccountSettings> serviceAccounts, AuditTrail audit,
    PeopleDirectory people)
{
    public const string KeyPrefix = "mop_";

    /// <summary>How stale "last used" may get before a request writes it again (one write per key per minute).</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>What a key's holder is called in every record: a service account, never a person.</summary>
    public const string ServiceAccountPrefix = "svc:";

    /// <summary>The longest service account name (without the prefix).</summary>
    public const int MaxServiceAccountName = 60;

    /// <summary>
    /// Creates a key for a service account (a pipeline). The key acts as <c>svc:{serviceAccount}</c>, so no key can act
    /// as a person, and it holds only roles its creator holds, never Validator: a decision is a person's, and an Admin who
    /// also validates must not hold a second approving identity.
    /// </summary>
    /// <exception cref="InputRejectedException">A name that is not a service account name; a role the creator lacks, Validator or an unknown role; an expiry outside the next two years.</exception>
    public async Task<CreatedApiKey> CreateAsync(string serviceAccount, IReadOnlyCollection<string> roles, DateTime expiresAtUtc, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new Dictionary<string, string[]>();
        var name = (serviceAccount ?? "").Trim();
        if (name.StartsWith(ServiceAccountPrefix, StringComparison.OrdinalIgnoreCase))
        {
            name = name[ServiceAccountPrefix.Length..];
        }

        if (!IsServiceAccountName(name))
        {
            errors["owner"] = [AccessMessages.Format(AccessMessages.OwnerRequired, MaxServiceAccountName)];
        }

        if (roles.Count == 0 || roles.Any(r => !PortalRoles.All.Contains(r)))
        {
            errors["roles"] = [AccessMessages.Format(AccessMessages.RolesRequired, string.Join(", ", PortalRoles.All.Where(r => r != PortalRoles.Validator)))];
        }
        else if (roles.Contains(PortalRoles.Validator))
        {
            errors["roles"] = [AccessMessages.NoValidatorKeys];
        }
        else if (roles.FirstOrDefault(r => !actor.Roles.Contains(r)) is { } notHeld)
        {
            errors["roles"] = [AccessMessages.Format(AccessMessages.RoleNotHeld, notHeld)];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (expiresAtUtc <= now || expiresAtUtc > now.AddYears(2))
        {
            errors["expiresAt"] = [AccessMessages.ExpiryRange];
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }

        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var entity = new ApiKey
        {
            Owner = ServiceAccountPrefix + name,
            Roles = [.. roles.Distinct().Order(StringComparer.Ordinal)],
            KeySha256 = Hash(key),
            Prefix = key[..(KeyPrefix.Length + 6)],
            CreatedAt = now,
            CreatedBy = actor.Name,
            ExpiresAt = expiresAtUtc,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiKeys.Add(entity);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // The key itself is never recorded, only who holds it, its roles, prefix and expiry.
        await audit.AppendAsync(db, actor, [new("api-key.created", "ApiKey", entity.Id.ToString(CultureInfo.InvariantCulture),
            After: new { entity.Owner, entity.Roles, entity.Prefix, entity.ExpiresAt })], ct);
        await transaction.CommitAsync(ct);
        // Nameable as a model's owner or developer from now on (a pipeline that registers models owns them).
        await people.RecordAsync(entity.Owner, entity.Owner, null, serviceAccount: true, ct);
        return new CreatedApiKey(key, ToInfo(entity));
    }

    /// <summary>Newest first, one page at a time.</summary>
    public async Task<(IReadOnlyList<ApiKeyInfo> Items, int Total)> ListAsync(int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.ApiKeys.CountAsync(ct);
        var items = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200)).ToListAsync(ct);
        return (items.Select(ToInfo).ToList(), total);
    }

    /// <returns>False when there is no such key or it was already revoked.</returns>
    public async Task<bool> RevokeAsync(int id, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || key.RevokedAt is not null)
        {
            return false;
        }

        key.RevokedAt = clock.GetUtcNow().UtcDateTime;
        key.RevokedBy = actor.Name;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new("api-key.revoked", "ApiKey", key.Id.ToString(CultureInfo.InvariantCulture),
            new { key.Owner, key.Prefix, revoked = false }, new { key.Owner, key.Prefix, revoked = true, key.RevokedAt })], ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The holder of a key that is known, unexpired and not revoked; otherwise null.</summary>
    public async Task<KeyHolder?> ValidateAsync(string presented, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(presented))
        {
            return null;
        }

        var hash = Hash(presented.Trim());
        // Configured service accounts need no database.
        foreach (var account in serviceAccounts.CurrentValue.ServiceAccounts)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(account.KeySha256.ToLowerInvariant()), Encoding.ASCII.GetBytes(hash)))
            {
                return new KeyHolder(account.Name, account.Roles.Where(r => PortalRoles.All.Contains(r)).ToList());
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.KeySha256 == hash, ct);
        if (key is null || !key.IsActive(now))
        {
            return null;
        }

        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }

        return new KeyHolder(key.Owner, key.Roles);
    }

    /// <summary>A service account's name: 2 to 60 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit (never a person's display name).</summary>
    public static bool IsServiceAccountName(string name) =>
        name.Length is >= 2 and <= MaxServiceAccountName && name[0] is (>= 'a' and <= 'z') or (>= '0' and <= '9')
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_');

    /// <summary>A service account's stable id: its name under the <c>svc:</c> prefix (configured accounts may be named without it).</summary>
    public static string ServiceAccountId(string name) =>
        name.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) ? name : ServiceAccountPrefix + name;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ApiKeyInfo ToInfo(ApiKey k) =>
        new(k.Id, k.Owner, k.Roles, k.Prefix, k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.LastUsedAt, k.RevokedAt, k.RevokedBy);
}
