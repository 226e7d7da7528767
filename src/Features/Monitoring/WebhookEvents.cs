using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>The events the webhook sends (alerts, requests, stage changes), queued with the change they report; <see cref="WebhookWorker"/> delivers them.</summary>
public sealed class WebhookEvents(TimeProvider clock, IOptionsMonitor<MonitoringOptions> options)
{
    private static readonly JsonSerializerOptions WebhookJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Whether a webhook is configured (nothing is queued otherwise).</summary>
    public bool Enabled => options.CurrentValue.Webhook.Enabled;

    /// <summary>
    /// Adds a webhook delivery of one event to the caller's unit of work (saved with the change it reports, so an event
    /// is sent exactly when its change is stored). The body is <c>{ type, occurredAt, ...payload }</c>; nothing when the
    /// webhook is off.
    /// </summary>
    public void Queue(PortalDbContext db, string type, object payload)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var body = JsonSerializer.SerializeToNode(payload, WebhookJson)!.AsObject();
        body.Insert(0, "type", type);
        body.Insert(1, "occurredAt", now);
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            EventType = type,
            PayloadJson = body.ToJsonString(WebhookJson),
            CreatedAt = now,
            NextAttemptAt = now,
            Status = DeliveryStatus.Pending,
        });
    }
}
