using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Monitoring;

/// <summary>A real receiver on loopback gets each alert, signed; a failed delivery is retried, not lost.</summary>
[Trait("Category", "Database")]
public sealed class WebhookTests : IAsyncDisposable
{
    private const string Secret = "a-webhook-secret-for-the-tests";
    private readonly ConcurrentQueue<(string Body, string Signature, string Timestamp, string Event)> received = new();
    private WebApplication? receiver;
    private int calls;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Answers 500 to the first delivery and 200 afterwards.</summary>
    private async Task<Uri> StartReceiverAsync()
    {
        (receiver, var address) = await LoopbackApp.StartAsync(app => app.MapPost("/hooks/modelops", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            received.Enqueue((body, request.Headers[WebhookWorker.SignatureHeader].ToString(), request.Headers[WebhookWorker.TimestampHeader].ToString(),
                request.Headers[WebhookWorker.EventHeader].ToString()));
            return Interlocked.Increment(ref calls) == 1 ? Results.StatusCode(500) : Results.Ok();
        }), Ct);
        return new Uri(address, "/hooks/modelops");
    }

    public async ValueTask DisposeAsync()
    {
        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_alert_reaches_the_webhook_signed_after_one_failed_attempt()
    {
        var url = await StartReceiverAsync();
        using var portal = new PortalFactory(fixedClock: false, settings: new Dictionary<string, string>
        {
            ["Monitoring:Webhook:Url"] = url.ToString(),
            ["Monitoring:Webhook:Secret"] = Secret,
            ["Monitoring:Webhook:PollInterval"] = "00:00:00.100",
            ["Monitoring:Webhook:RetryDelay"] = "00:00:00.200",
        });
        using var client = portal.CreateClient(PortalRoles.DataScientist);
        var inventory = new TestInventory(portal.Services);
        var model = await inventory.RegisterModelAsync(Inputs.Model("Webhook scorecard"), "hana", Ct);
        await inventory.RegisterVersionAsync(model.Id, Inputs.Version(), "hana", Ct);
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct))
        {
            var version = await db.Versions.SingleAsync(v => v.ModelId == model.Id, Ct);
            db.Deployments.Add(new Deployment { VersionId = version.Id, Target = DeploymentTarget.RestEndpoint, Environment = "production", Endpoint = "https://x.example.com", DeployedAt = DateTime.UtcNow, DeployedBy = "ops" });
            await db.SaveChangesAsync(Ct);
        }

        var deploymentId = (await inventory.GetModelAsync(model.Id, Ct))!.Deployments.Single().Id;
        var response = await client.PostAsync($"/api/deployments/{deploymentId}/stats", new StringContent(
            """{"periodStart":"2026-11-01T00:00:00Z","periodEnd":"2026-11-02T00:00:00Z","requests":1000,"errors":100,"p50LatencyMs":20,"p95LatencyMs":80}""",
            Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (calls < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(2, calls);
        var (body, signature, timestamp, type) = received.Last();
        Assert.Equal("alert.raised", type);
        Assert.Equal(WebhookWorker.Sign(Secret, timestamp, body), signature);
        Assert.NotEqual(WebhookWorker.Sign("another secret entirely", timestamp, body), signature);
        var alert = JsonDocument.Parse(body).RootElement.GetProperty("alert");
        Assert.Equal(("errorRate", "Webhook scorecard"), (alert.GetProperty("metric").GetString(), alert.GetProperty("modelName").GetString()));

        await using var check = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var deadlineSaved = DateTime.UtcNow.AddSeconds(5);
        WebhookDelivery delivery;
        do
        {
            delivery = await check.WebhookDeliveries.AsNoTracking().SingleAsync(Ct);
            await Task.Delay(50, Ct);
        }
        while (delivery.Status != DeliveryStatus.Delivered && DateTime.UtcNow < deadlineSaved);
        Assert.Equal((DeliveryStatus.Delivered, 2), (delivery.Status, delivery.Attempts));
    }

    [Fact]
    public async Task Two_instances_running_the_worker_on_one_database_send_each_delivery_exactly_once()
    {
        // A receiver that takes a moment per delivery, so both workers are busy at the same time.
        var seen = new ConcurrentDictionary<string, int>();
        (receiver, var address) = await LoopbackApp.StartAsync(app => app.MapPost("/hooks/modelops", async (HttpRequest request) =>
        {
            seen.AddOrUpdate(request.Headers[WebhookWorker.DeliveryHeader].ToString(), 1, (_, n) => n + 1);
            await Task.Delay(30);
            return Results.Ok();
        }), Ct);
        var url = new Uri(address, "/hooks/modelops");
        Dictionary<string, string> Settings(string? database = null)
        {
            var settings = new Dictionary<string, string>
            {
                ["Monitoring:Webhook:Url"] = url.ToString(),
                ["Monitoring:Webhook:Secret"] = Secret,
                ["Monitoring:Webhook:PollInterval"] = "00:00:00.020",
            };
            if (database is not null)
            {
                settings["ConnectionStrings:Portal"] = database;
            }

            return settings;
        }

        using var first = new PortalFactory(fixedClock: false, settings: Settings());
        using var second = new PortalFactory(fixedClock: false, settings: Settings(first.Database.ConnectionString));
        const int Deliveries = 40;
        await using (var db = first.Database.CreateDbContext())
        {
            for (var i = 0; i < Deliveries; i++)
            {
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    EventType = "alert.raised", PayloadJson = $$"""{"n":{{i}}}""", CreatedAt = DateTime.UtcNow, Status = DeliveryStatus.Pending, NextAttemptAt = DateTime.UtcNow,
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        // Starting both instances starts both workers.
        _ = first.Services;
        _ = second.Services;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int delivered;
        do
        {
            await Task.Delay(100, Ct);
            await using var db = first.Database.CreateDbContext();
            delivered = await db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Delivered, Ct);
        }
        while (delivered < Deliveries && DateTime.UtcNow < deadline);

        Assert.Equal(Deliveries, delivered);
        Assert.Equal(Deliveries, seen.Count);
        Assert.All(seen, s => Assert.Equal(1, s.Value));
        await using var check = first.Database.CreateDbContext();
        Assert.All(await check.WebhookDeliveries.AsNoTracking().ToListAsync(Ct), d => Assert.Equal(1, d.Attempts));
    }

    [Fact]
    public async Task A_models_own_webhook_gets_its_events_signed_with_its_own_secret_and_nothing_of_other_models()
    {
        const string ModelSecret = "the-retail-teams-own-secret";
        var events = new ConcurrentQueue<(string Body, string Signature, string Timestamp, string Event)>();
        (receiver, var address) = await LoopbackApp.StartAsync(app => app.MapPost("/hooks/team", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            events.Enqueue((await reader.ReadToEndAsync(), request.Headers[WebhookWorker.SignatureHeader].ToString(),
                request.Headers[WebhookWorker.TimestampHeader].ToString(), request.Headers[WebhookWorker.EventHeader].ToString()));
            return Results.Ok();
        }), Ct);
        // No administrator's webhook: the model's own is the only one.
        using var portal = new PortalFactory(fixedClock: false, settings: new Dictionary<string, string> { ["Monitoring:Webhook:PollInterval"] = "00:00:00.100" });
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);
        using var validator = portal.CreateClient(PortalRoles.Validator);
        var watched = await TestModels.RegisterAsync(portal.Services, "Watched scorecard", ["gender"], tier: RiskTier.Medium);
        var other = await TestModels.RegisterAsync(portal.Services, "Unwatched scorecard", ["gender"], tier: RiskTier.Medium);
        static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

        var set = await scientist.PutAsync($"/api/models/{watched}/webhook", Json($$"""{"url": "{{new Uri(address, "/hooks/team")}}", "secret": "{{ModelSecret}}"}"""), Ct);
        var invalid = await scientist.PutAsync($"/api/models/{other}/webhook", Json("""{"url": "ftp://files.example.com/in", "secret": "short"}"""), Ct);
        var shown = await scientist.GetStringAsync($"/api/models/{watched}/webhook", Ct);
        foreach (var model in new[] { watched, other })
        {
            var created = await scientist.PostAsync($"/api/models/{model}/versions/1/requests", Json("""{"kind": "validation", "justification": "Development complete."}"""), Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var request = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt32();
            var approved = await validator.PostAsync($"/api/requests/{request}/approve", Json("""{"comment": "Validation pack checked."}"""), Ct);
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (events.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _) && errors.TryGetProperty("secret", out _));
        Assert.DoesNotContain(ModelSecret, shown, StringComparison.Ordinal);
        Assert.Equal(["request.approved", "request.created", "version.stage-changed", "version.stage-changed"], events.Select(e => e.Event).Order(StringComparer.Ordinal));
        Assert.All(events, e =>
        {
            Assert.Equal(WebhookWorker.Sign(ModelSecret, e.Timestamp, e.Body), e.Signature);
            Assert.Contains($"\"modelId\":{watched}", e.Body, StringComparison.Ordinal);
        });

        var removed = await scientist.DeleteAsync($"/api/models/{watched}/webhook", Ct);
        var gone = await scientist.GetAsync($"/api/models/{watched}/webhook", Ct);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (removed.StatusCode, gone.StatusCode));
        var later = await scientist.PostAsync($"/api/models/{watched}/versions/2/requests", Json("""{"kind": "validation", "justification": "Retrained."}"""), Ct);
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        // Nothing queued for the later request; the removed subscription's sent deliveries went with it.
        Assert.Equal(0, await db.WebhookDeliveries.CountAsync(Ct));
        var audit = await db.AuditEvents.Where(a => a.Action.StartsWith("model.webhook")).OrderBy(a => a.Sequence).ToListAsync(Ct);
        Assert.Equal(["model.webhook-set", "model.webhook-removed"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.DoesNotContain(ModelSecret, (a.Before ?? "") + a.After, StringComparison.Ordinal));
    }
}
