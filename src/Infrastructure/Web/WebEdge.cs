using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>Running behind a reverse proxy or load balancer (section <c>ForwardedHeaders</c>).</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Trust X-Forwarded-For and X-Forwarded-Proto from the proxies below (off: the portal faces clients directly).</summary>
    public bool Enabled { get; set; }

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>172.16.0.0/12</c> (a container network).</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>What every request passes first: proxy headers, its correlation id, security headers, and error handling that never shows internals outside Development.</summary>
public static class WebEdge
{
    public static IServiceCollection AddPortalWebEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityHeadersOptions>().Bind(configuration.GetSection(SecurityHeadersOptions.Section));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["correlationId"] = c.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<Data.DatabaseOutage.Handler>();
        services.AddOptions<ForwardedHeadersSettings>().Bind(configuration.GetSection(ForwardedHeadersSettings.Section));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, settings) =>
        {
            var forwarded = settings.Value;
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in forwarded.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies has '{proxy}', which is not an IP address."));
            }

            foreach (var network in forwarded.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks has '{network}', which is not a CIDR network such as 10.0.0.0/8."));
            }
        });
        return services.AddApiRateLimits(configuration).AddIdempotencyKeys(configuration).AddBodyLimits(configuration);
    }

    /// <summary>The middleware in front of routing, in order.</summary>
    public static WebApplication UsePortalWebEdge(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<Correlation>();
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment())
        {
            // The API answers an unhandled exception with ProblemDetails (500, the correlation id, no detail; 503 when the
            // database is unavailable); a request for a page with the error page showing the same id (a failure inside a page
            // is shown by the layout's PortalErrorBoundary instead). The log has the exception under that id.
            app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler());
            app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), pages => pages.UseExceptionHandler("/error", createScopeForErrors: true));
            app.UseHsts();
        }

        return app;
    }
}
