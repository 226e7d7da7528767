using System.Diagnostics;

namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>
/// One id per request, for the person who reports a problem and the operator who reads the log: the caller's
/// <c>X-Correlation-Id</c> when it is a plausible id, else the request's trace id. It becomes the request's
/// <see cref="HttpContext.TraceIdentifier"/>, is returned in the same header, names the error page's reference and the
/// ProblemDetails' <c>correlationId</c>, and is in the scope of every log entry written for the request.
/// </summary>
public sealed class Correlation(RequestDelegate next, ILogger<Correlation> logger)
{
    public const string Header = "X-Correlation-Id";

    private static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>The current request's id, for answers built without its HttpContext (ProblemDetails objects).</summary>
    public static string? Current => Ambient.Value;

    public async Task InvokeAsync(HttpContext http)
    {
        var incoming = http.Request.Headers[Header].ToString();
        http.TraceIdentifier = IsPlausible(incoming) ? incoming : Activity.Current?.TraceId.ToHexString() ?? http.TraceIdentifier;
        Ambient.Value = http.TraceIdentifier;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        });
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = http.TraceIdentifier }))
        {
            await next(http);
        }
    }

    /// <summary>Adds the signed-in user (or API key's account) to the log scope; runs after authentication.</summary>
    public static async Task WithUserAsync(HttpContext http, RequestDelegate next)
    {
        var logger = http.RequestServices.GetRequiredService<ILogger<Correlation>>();
        using (logger.BeginScope(new Dictionary<string, object> { ["User"] = http.User.Identity?.Name ?? "anonymous" }))
        {
            await next(http);
        }
    }

    /// <summary>1–64 letters, digits, '-', '_' or '.': anything else (or nothing) gets a fresh id, so a header cannot forge log lines.</summary>
    internal static bool IsPlausible(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
