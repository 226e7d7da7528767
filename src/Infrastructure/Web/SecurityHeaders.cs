namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>Security headers on every response (section <c>Security</c>).</summary>
public sealed class SecurityHeadersOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Origins besides the portal's own that a form may post to or be redirected to. Sign-out posts a form that ends at
    /// the OpenID provider: the origin of <c>Auth:Oidc:Authority</c> is allowed already; add the provider's browser-facing
    /// origin here when it differs (a provider reached by another name inside a container network).
    /// </summary>
    public List<string> FormActionOrigins { get; set; } = [];
}

/// <summary>
/// Sets the Content-Security-Policy and the other security headers on every response, before the response starts. The
/// policy allows scripts only from the portal itself and the one inline script the page shell has, Blazor's import map,
/// which carries this request's nonce: no other inline script and no eval (Blazor Server, MudBlazor and Plotly's SVG
/// charts need neither). Styles allow inline attributes, which MudBlazor and Plotly set on elements. The API reference
/// page (Scalar) starts itself with an inline module script, so that page alone may run inline scripts.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, Microsoft.Extensions.Options.IOptions<SecurityHeadersOptions> options, IConfiguration configuration)
{
    private const string NonceKey = "csp-nonce";
    private static readonly PathString ApiReference = "/api/reference";

    /// <summary>This request's script nonce, for the page shell's import map.</summary>
    public static string? Nonce(HttpContext? http) => http?.Items[NonceKey] as string;

    private readonly string rest = string.Join("; ",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action " + string.Join(' ', new[] { "'self'" }.Concat(FormActionOrigins(options.Value, configuration))));

    private static IEnumerable<string> FormActionOrigins(SecurityHeadersOptions options, IConfiguration configuration)
    {
        var origins = options.FormActionOrigins.Select(o => o.TrimEnd('/')).ToList();
        if (Uri.TryCreate(configuration["Auth:Oidc:Authority"], UriKind.Absolute, out var authority))
        {
            origins.Add(authority.GetLeftPart(UriPartial.Authority));
        }

        return origins.Distinct(StringComparer.OrdinalIgnoreCase);
    }

    public Task InvokeAsync(HttpContext http)
    {
        var nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        var scripts = http.Request.Path.StartsWithSegments(ApiReference) ? "'self' 'unsafe-inline'" : $"'self' 'nonce-{nonce}'";
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = $"default-src 'self'; script-src {scripts}; {rest}";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(http);
    }
}
