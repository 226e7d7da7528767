using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>
/// Sends queued alert events to the configured webhook, signed with HMAC-SHA256, and retries failures with a growing
/// delay. Deliveries live in the database (an outbox), so a restart or a receiver that is down loses nothing, and each
/// is claimed with a conditional update, so every portal instance may run this worker.
/// </summary>
public sealed partial class WebhookWorker(
    IDbContextFactory<PortalDbContext> dbFactory, IOptionsMonitor<MonitoringOptions> options, TimeProvider clock,
    IHttpClientFactory httpClients, ModelWebhooks subscriptions, ILogger<WebhookWorker> log) : BackgroundService
{
    public const string HttpClientName = "webhook";
    public const string SignatureHeader = "X-ModelOps-Signature";
    public const string TimestampHeader = "X-ModelOps-Timestamp";
    public const string EventHeader = "X-ModelOps-Event";
    public const string DeliveryHeader = "X-ModelOps-Delivery";

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromHours(1);
    private readonly string instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The signature a receiver recomputes: hex HMAC-SHA256 of "{timestamp}.{body}" with the shared secret.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Also without the administrator's webhook: a model may have its own.
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWorkerFailed(e);
            }

            try
            {
                await Task.Delay(options.CurrentValue.Webhook.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends every delivery that is due and not held by another worker.</summary>
    public async Task DeliverDueAsync(CancellationToken ct)
    {
        var settings = options.CurrentValue.Webhook;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now))
            .Where(d => d.ModelWebhookId != null || settings.Enabled)
            .OrderBy(d => d.Id).Select(d => d.Id).Take(20).ToListAsync(ct);
        foreach (var id in due)
        {
            var until = now + Lease;
            var claimed = await db.WebhookDeliveries
                .Where(d => d.Id == id && d.Status == DeliveryStatus.Pending && (d.LockedUntil == null || d.LockedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.LockedBy, instance).SetProperty(d => d.LockedUntil, until), ct);
            if (claimed == 1)
            {
                var delivery = await db.WebhookDeliveries.SingleAsync(d => d.Id == id, ct);
                (Uri Url, string Secret) target = delivery.ModelWebhookId is int subscription ? await subscriptions.TargetAsync(db, subscription, ct) : (settings.Url!, settings.Secret ?? "");
                await SendAsync(delivery, target.Url, target.Secret, settings, ct);
                delivery.LockedBy = null;
                delivery.LockedUntil = null;
                await db.SaveChangesAsync(ct);
            }
        }
    }

    private async Task SendAsync(WebhookDelivery delivery, Uri url, string secret, WebhookOptions settings, CancellationToken ct)
    {
        delivery.Attempts++;
        var now = clock.GetUtcNow();
        string? failure;
        try
        {
            var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(delivery.PayloadJson, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(EventHeader, delivery.EventType);
            request.Headers.Add(DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(TimestampHeader, timestamp);
            request.Headers.Add(SignatureHeader, Sign(secret, timestamp, delivery.PayloadJson));
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
            failure = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            failure = e.Message;
        }

        if (failure is null)
        {
            delivery.Status = DeliveryStatus.Delivered;
            delivery.DeliveredAt = now.UtcDateTime;
            delivery.LastError = null;
            LogDelivered(delivery.Id, delivery.EventType, delivery.Attempts);
            return;
        }

        delivery.LastError = failure.Length > 4000 ? failure[..4000] : failure;
        if (delivery.Attempts >= settings.MaxAttempts)
        {
            delivery.Status = DeliveryStatus.Failed;
            LogGaveUp(delivery.Id, delivery.EventType, delivery.Attempts, failure);
            return;
        }

        var delay = TimeSpan.FromTicks(Math.Min(LongestDelay.Ticks, settings.RetryDelay.Ticks * (1L << Math.Min(delivery.Attempts - 1, 20))));
        delivery.NextAttemptAt = now.UtcDateTime + delay;
        LogRetrying(delivery.Id, delivery.EventType, delivery.Attempts, failure, delay);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} ({EventType}) delivered on attempt {Attempt}")]
    private partial void LogDelivered(int deliveryId, string eventType, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} ({EventType}) failed on attempt {Attempt}: {Failure}; retrying in {Delay}")]
    private partial void LogRetrying(int deliveryId, string eventType, int attempt, string failure, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId} ({EventType}) failed {Attempt} times and is marked failed: {Failure}")]
    private partial void LogGaveUp(int deliveryId, string eventType, int attempt, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook worker failed; it tries again at the next poll")]
    private partial void LogWorkerFailed(Exception exception);
}
