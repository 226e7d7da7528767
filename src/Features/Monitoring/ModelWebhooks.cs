using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>A model's own webhook as the API shows it: never its secret.</summary>
public sealed record ModelWebhookView(int ModelId, Uri Url, DateTime CreatedAt, string CreatedBy);

/// <summary>Where a model's events should go, and the key that signs them (at least 16 characters).</summary>
public sealed record ModelWebhookInput(Uri? Url, string? Secret);

/// <summary>
/// A model's own webhook subscription, beside the administrator's: a team's pipeline or chat bridge hears about its model
/// (alerts, requests and decisions, stage changes) without access to the portal's settings. The secret is kept encrypted
/// with the portal's data protection keys and shown to no one; setting and removing it are audited (without the secret).
/// </summary>
public sealed class ModelWebhooks(IDbContextFactory<PortalDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider clock, AuditTrail audit)
{
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 200;

    private readonly IDataProtector protector = protection.CreateProtector("ModelOpsPortal.ModelWebhooks.Secret");

    /// <returns>The model's webhook; null when the model has none (or does not exist).</returns>
    public async Task<ModelWebhookView?> GetAsync(int modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hook = await db.ModelWebhooks.AsNoTracking().SingleOrDefaultAsync(w => w.ModelId == modelId, ct);
        return hook is null ? null : View(hook);
    }

    /// <returns>The webhook as stored, or null when there is no such model.</returns>
    /// <exception cref="InputRejectedException">No absolute http(s) URL, or a secret shorter than 16 or longer than 200 characters.</exception>
    public async Task<ModelWebhookView?> SetAsync(int modelId, ModelWebhookInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.Url is not { IsAbsoluteUri: true } url || url.Scheme is not ("http" or "https") || url.OriginalString.Length > FieldLimits.Uri)
        {
            errors["url"] = [MonitoringMessages.Format(MonitoringMessages.WebhookUrl, FieldLimits.Uri)];
        }

        if (input.Secret is not { Length: >= MinSecretLength and <= MaxSecretLength })
        {
            errors["secret"] = [MonitoringMessages.Format(MonitoringMessages.WebhookSecret, MinSecretLength, MaxSecretLength)];
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.LockModelAsync(modelId, ct))
        {
            return null;
        }

        var hook = await db.ModelWebhooks.SingleOrDefaultAsync(w => w.ModelId == modelId, ct);
        var before = hook is null ? null : new { url = hook.Url };
        if (hook is null)
        {
            hook = new ModelWebhook { ModelId = modelId };
            db.ModelWebhooks.Add(hook);
        }

        hook.Url = input.Url!.AbsoluteUri;
        hook.ProtectedSecret = protector.Protect(input.Secret!);
        hook.CreatedAt = clock.GetUtcNow().UtcDateTime;
        hook.CreatedBy = actor.Name;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new("model.webhook-set", "Model", InventoryId(modelId), before, new { url = hook.Url })], ct);
        await transaction.CommitAsync(ct);
        return View(hook);
    }

    /// <returns>Whether the model had a webhook (its pending deliveries go with it).</returns>
    public async Task<bool> RemoveAsync(int modelId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var hook = await db.ModelWebhooks.SingleOrDefaultAsync(w => w.ModelId == modelId, ct);
        if (hook is null)
        {
            return false;
        }

        db.ModelWebhooks.Remove(hook);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new("model.webhook-removed", "Model", InventoryId(modelId), new { url = hook.Url }, null)], ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Where a delivery to a model's webhook goes and the key that signs it, for the worker.</summary>
    internal async Task<(Uri Url, string Secret)> TargetAsync(PortalDbContext db, int subscriptionId, CancellationToken ct)
    {
        var hook = await db.ModelWebhooks.AsNoTracking().SingleAsync(w => w.Id == subscriptionId, ct);
        return (new Uri(hook.Url), protector.Unprotect(hook.ProtectedSecret));
    }

    private static ModelWebhookView View(ModelWebhook hook) => new(hook.ModelId, new Uri(hook.Url), hook.CreatedAt, hook.CreatedBy);

    private static string InventoryId(int modelId) => modelId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
