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
}
