using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>The largest request body an endpoint without its own limit accepts (section <c>RequestLimits</c>).</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "RequestLimits";

    /// <summary>Bytes; JSON requests and forms are far smaller. Uploads have their own limit (<c>Evaluations:MaxUploadBytes</c>).</summary>
    public long MaxBodyBytes { get; set; } = 1L << 20;
}

/// <summary>
/// Request body limits per endpoint: an endpoint that declares a limit (the CSV and Parquet uploads) keeps it; every
/// other request may send at most <see cref="RequestLimitsOptions.MaxBodyBytes"/> (1 MiB) instead of the server's
/// 30 MB default, so a JSON endpoint cannot be made to buffer a large body. Over the limit: 413 with a ProblemDetails
/// naming the limit, and nothing stored.
/// </summary>
public static class BodyLimits
{
    public static IServiceCollection AddBodyLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RequestLimitsOptions>().Bind(configuration.GetSection(RequestLimitsOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0, "RequestLimits:MaxBodyBytes must be a positive number of bytes.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Runs after routing, when the endpoint (and its own limit, if any) is known.</summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false } && http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is null)
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value.MaxBodyBytes;
                feature.MaxRequestBodySize = limit;
                if (http.Request.ContentLength > limit)
                {
                    // Declared too large: refuse before reading a byte (and before authentication looks at it).
                    await TooLargeAsync(http, limit);
                    return;
                }
            }

            try
            {
                await next(http);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
            {
                await TooLargeAsync(http, feature?.MaxRequestBodySize);
                return;
            }

            // A chunked body that grew past the limit while an endpoint read it: the endpoint answered a bare 413. (The
            // catch above also answers for what reads the body before the endpoint, such as the idempotency fingerprint.)
            if (http.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
            {
                await TooLargeAsync(http, feature?.MaxRequestBodySize);
            }
        });

    /// <summary>413 with a ProblemDetails that names the limit (and, for the API, that nothing was stored).</summary>
    private static Task TooLargeAsync(HttpContext http, long? limit) =>
        ApiResults.WriteProblemAsync(http, StatusCodes.Status413PayloadTooLarge, "The request body is too large",
            string.Create(CultureInfo.InvariantCulture,
                $"This endpoint accepts at most {limit} bytes (setting RequestLimits:MaxBodyBytes; uploads: Evaluations:MaxUploadBytes). Nothing was stored."));
}
