using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Telemetry;
using ModelOpsPortal.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>OpenTelemetry: off by default; with an OTLP endpoint, request, EF Core and evaluation spans and metrics reach it.</summary>
[Trait("Category", "Database")]
public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Nothing_is_exported_unless_an_endpoint_is_configured()
    {
        using var portal = new PortalFactory();

        Assert.Null(portal.Services.GetService<TracerProvider>());
        Assert.Null(portal.Services.GetService<MeterProvider>());
        Assert.NotNull(portal.Services.GetService<PortalTelemetry>()); // the instruments exist; nobody listens
    }

    [Fact]
    public async Task An_evaluation_upload_is_traced_through_the_request_the_database_and_the_engine_and_measured_and_sent_over_otlp()
    {
        // A stand-in OpenTelemetry collector: OTLP over HTTP on loopback, counting what arrives per signal.
        var received = new ConcurrentDictionary<string, int>();
        var (collector, collectorUrl) = await LoopbackApp.StartAsync(app => app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (body.Length > 0 && request.ContentType == "application/x-protobuf")
            {
                received.AddOrUpdate(signal, 1, (_, n) => n + 1);
            }

            return Results.Ok();
        }), Ct);
        await using var stopCollector = collector;

        var spanList = new List<Activity>();
        var metricList = new List<Metric>();
        using var configured = new PortalFactory(fixedClock: false, settings: new Dictionary<string, string>
        {
            ["Telemetry:OtlpEndpoint"] = collectorUrl.ToString(),
            ["Telemetry:Protocol"] = "HttpProtobuf",
        });
        var portal = configured.WithWebHostBuilder(b => b.ConfigureServices(s => s
            .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spanList))
            .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metricList))));
        using var scientist = portal.CreateClient();
        scientist.DefaultRequestHeaders.Authorization = new("Bearer", PortalFactory.KeyFor(PortalRoles.DataScientist));
        var modelId = await TestModels.RegisterOverApiAsync(scientist, "Traced scorecard", Ct);

        // Listeners are process-wide and other tests run beside this one: the caller's trace id picks out this upload.
        var trace = ActivityTraceId.CreateRandom();
        using var uploadRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{modelId}/evaluations?version=1")
        {
            Content = new StringContent("score,label\n0.9,1\n0.2,0\n0.7,1\n0.4,0\n", Encoding.UTF8, "text/csv"),
        };
        uploadRequest.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var upload = await scientist.SendAsync(uploadRequest, Ct);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.True(portal.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(portal.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        await portal.DisposeAsync();
        // A loaded machine may still see a late export land while the lists are read: read copies (ToArray does not
        // enumerate, so it cannot throw "collection was modified").
        var (spans, metrics) = (spanList.ToArray(), metricList.ToArray());

        // One trace: the request's server span, the engine's span under it, and the database commands under those.
        var traced = spans.Where(s => s.TraceId == trace).ToList();
        var server = Assert.Single(traced, s => s.Kind == ActivityKind.Server);
        Assert.Equal("POST", server.GetTagItem("http.request.method"));
        Assert.Equal("/api/models/{modelId:int}/evaluations", server.GetTagItem("http.route"));
        var engine = Assert.Single(traced, s => s.Source.Name == PortalTelemetry.Name);
        Assert.Equal("Evaluate batch", engine.DisplayName);
        Assert.Equal(server.SpanId, engine.ParentSpanId);
        Assert.Equal(4, engine.GetTagItem("modelops.batch.rows"));
        Assert.Contains(traced, s => s.Kind == ActivityKind.Client && s.GetTagItem("db.system") is not null && s.ParentSpanId == engine.SpanId);

        var rows = metrics.Last(m => m.Name == "modelops.evaluation.rows"); // exported at the flush and again at shutdown
        var points = new List<(long Count, long Sum, string Kind)>();
        foreach (ref readonly var point in rows.GetMetricPoints())
        {
            string? kind = null;
            foreach (var tag in point.Tags)
            {
                kind = tag.Key == "modelops.batch.kind" ? tag.Value as string : kind;
            }

            points.Add((point.GetHistogramCount(), (long)point.GetHistogramSum(), kind!));
        }

        // Other tests' uploads may be counted too (the meter's name is the same in every portal of this process).
        Assert.Contains(points, p => p.Kind == "evaluation" && p.Count >= 1 && p.Sum >= 4);
        Assert.Contains(metrics, m => m.Name == "modelops.evaluation.duration" && m.Unit == "s");
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");

        // The OTLP exporter sent traces and metrics to the collector.
        Assert.True(received.GetValueOrDefault("traces") > 0, "traces reached the collector");
        Assert.True(received.GetValueOrDefault("metrics") > 0, "metrics reached the collector");
    }
}
