using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>The API's request budget (section <c>RateLimiting</c>).</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests to <c>/api</c> each caller (API key, signed-in person, or address when anonymous) may make per window; 0 turns limiting off.</summary>
    public int PermitsPerWindow { get; set; } = 600;

    /// <summary>The window, in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;
}

public static class ApiRateLimits
{
    /// <summary>
    /// A fixed window per caller on every <c>/api</c> request: the API key's account or the signed-in person (so one
    /// pipeline cannot starve the others), the client address for anonymous calls. Over budget: 429 with
    /// <c>Retry-After</c> and a ProblemDetails body. Pages and the SignalR circuit are not limited here.
    /// </summary>
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiRateLimitOptions>().Bind(configuration.GetSection(ApiRateLimitOptions.Section))
            .Validate(o => o.PermitsPerWindow >= 0, "RateLimiting:PermitsPerWindow must be 0 (off) or more.")
            .Validate(o => o.WindowSeconds is >= 1 and <= 3600, "RateLimiting:WindowSeconds must be between 1 and 3600.")
            .ValidateOnStart();
        // The limiter reads the same bound and validated options as everything else.
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiRateLimitOptions>>((o, limits) =>
        {
            var options = limits.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                options.PermitsPerWindow == 0 || !http.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter(Caller(http), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.PermitsPerWindow,
                        Window = TimeSpan.FromSeconds(options.WindowSeconds),
                        QueueLimit = 0,
                    }));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(options.WindowSeconds);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiResults.WriteProblemAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests.",
                    $"This caller made more than {options.PermitsPerWindow} API requests in {options.WindowSeconds} s. Retry after {seconds} s.");
            };
        });
        return services.AddRateLimiter(_ => { });
    }

    /// <summary>Who is calling: the partition of the rate limit and the scope of idempotency keys.</summary>
    internal static string Caller(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { } name }
            ? $"{http.User.Identity.AuthenticationType}:{name}"
            : "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
