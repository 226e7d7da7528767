using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ModelOpsPortal.Infrastructure.Telemetry;

/// <summary>Export of traces, metrics and logs over OTLP (section <c>Telemetry</c>); off unless an endpoint is set.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The OpenTelemetry collector, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> (HTTP); none turns export off.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317) or <c>HttpProtobuf</c> (port 4318; the signal paths /v1/traces, /v1/metrics, /v1/logs are added).</summary>
    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "modelops-portal";

    /// <summary>Also send log entries (with their scopes: correlation id and user) to the collector.</summary>
    public bool ExportLogs { get; set; } = true;
}

/// <summary>
/// The portal's own telemetry: the activity source and meter <c>ModelOpsPortal</c> (evaluation duration and rows), and
/// the OTLP pipeline that exports them with ASP.NET Core's, HttpClient's and EF Core's when configured.
/// </summary>
public sealed class PortalTelemetry : IDisposable
{
    public const string Name = "ModelOpsPortal";

    /// <summary>Spans for the portal's own work (an evaluation's read, analysis and store), children of the request's span.</summary>
    public static readonly ActivitySource Activities = new(Name, Version);

    private readonly Meter meter;
    private readonly Histogram<double> evaluationDuration;
    private readonly Histogram<long> evaluationRows;

    public PortalTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        meter = meters.Create(Name, Version);
        evaluationDuration = meter.CreateHistogram<double>("modelops.evaluation.duration", "s",
            "Time to read, analyse and store an evaluation batch or a baseline.");
        evaluationRows = meter.CreateHistogram<long>("modelops.evaluation.rows", "{row}", "Rows in an evaluation batch or a baseline.");
    }

    /// <summary>The portal's version, as the build stamps it: the instruments' version and the resource's <c>service.version</c>.</summary>
    internal static string? Version => typeof(PortalTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    /// <summary>Records a stored batch; <paramref name="kind"/> is <c>evaluation</c> (with the model type) or <c>baseline</c>.</summary>
    public void BatchStored(string kind, long rows, TimeSpan duration, string? modelType = null)
    {
        var tags = new TagList { { "modelops.batch.kind", kind } };
        if (modelType is not null)
        {
            tags.Add("modelops.model.type", modelType);
        }

        evaluationDuration.Record(duration.TotalSeconds, tags);
        evaluationRows.Record(rows, tags);
    }

    public void Dispose() => meter.Dispose();
}

public static class TelemetryRegistration
{
    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics().TryAddSingleton<PortalTelemetry>();
        var section = configuration.GetSection(TelemetryOptions.Section);
        services.AddOptions<TelemetryOptions>().Bind(section)
            .Validate(o => o.OtlpEndpoint is null || (o.OtlpEndpoint.IsAbsoluteUri && o.OtlpEndpoint.Scheme is "http" or "https"),
                "Telemetry:OtlpEndpoint must be an absolute http(s) URL such as http://otel-collector:4317.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceName), "Telemetry:ServiceName must not be empty.")
            .ValidateOnStart();
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.OtlpEndpoint is not { IsAbsoluteUri: true } endpoint)
        {
            return services; // off: no provider, no exporter, no listener on the instruments
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: PortalTelemetry.Version,
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(t => t
                .AddSource(PortalTelemetry.Name)
                // Probes and static files would drown the requests people make.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/_content")
                    && !http.Request.Path.StartsWithSegments("/_framework"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(m => m
                .AddMeter(PortalTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("Microsoft.EntityFrameworkCore")
                .AddMeter("System.Runtime"));
        if (options.ExportLogs)
        {
            telemetry.WithLogging(_ => { }, o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
        }

        telemetry.UseOtlpExporter(options.Protocol, endpoint);
        return services;
    }
}
