using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>
/// The events the webhooks send (alerts, requests and their decisions, stage changes), queued with the change they report
/// for the administrator's webhook and the model's own (<see cref="ModelWebhooks"/>); <see cref="WebhookWorker"/> delivers them.
/// </summary>
public sealed class WebhookEvents(TimeProvider clock, IOptionsMonitor<MonitoringOptions> options)
{
    private static readonly JsonSerializerOptions WebhookJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Whether the administrator's webhook is configured.</summary>
    public bool Enabled => options.CurrentValue.Webhook.Enabled;

    /// <summary>
    /// Adds a delivery of one event of the model to the caller's unit of work, for the administrator's webhook and for
    /// the model's own, if it has them (saved with the change it reports, so an event is sent exactly when its change
    /// is stored). The body is <c>{ type, occurredAt, ...payload }</c>.
    /// </summary>
    public async Task QueueAsync(PortalDbContext db, int modelId, string type, object payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var subscription = await db.ModelWebhooks.Where(w => w.ModelId == modelId).Select(w => (int?)w.Id).SingleOrDefaultAsync(ct);
        if (!Enabled && subscription is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var body = JsonSerializer.SerializeToNode(payload, WebhookJson)!.AsObject();
        body.Insert(0, "type", type);
        body.Insert(1, "occurredAt", now);
        var json = body.ToJsonString(WebhookJson);
        // Null stands for the administrator's webhook.
        List<int?> targets = Enabled ? [null] : [];
        if (subscription is not null)
        {
            targets.Add(subscription);
        }

        foreach (var target in targets)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                EventType = type,
                PayloadJson = json,
                CreatedAt = now,
                NextAttemptAt = now,
                Status = DeliveryStatus.Pending,
                ModelWebhookId = target,
            });
        }
    }
}
