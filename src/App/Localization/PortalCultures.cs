using System.Globalization;
using Microsoft.AspNetCore.Localization;
using ModelOpsPortal.Infrastructure;
using MudBlazor;

namespace ModelOpsPortal.App.Localization;

/// <summary>
/// English and Korean. The culture comes from the culture cookie (set by the language switch), else from
/// the browser's Accept-Language, else English (docs/decisions/004-localization.md).
/// </summary>
public static class PortalCultures
{
    public const string English = "en";
    public const string Korean = "ko-KR";

    /// <summary>The languages the switch offers.</summary>
    public static IReadOnlyList<CultureInfo> Offered { get; } = [new(English), new(Korean)];

    /// <summary>What requests may ask for: a browser that sends plain "ko" gets Korean too.</summary>
    private static readonly CultureInfo[] Accepted = [new(English), new(Korean), new("ko")];

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        // Korean text goes out as UTF-8, not as numeric character references (&#xBAA8;&#xB378;): pages are far smaller and
        // readable in view-source. Markup characters (< > & " ') are still encoded; Blazor and Razor take the encoder from DI.
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(
            System.Text.Unicode.UnicodeRanges.BasicLatin, System.Text.Unicode.UnicodeRanges.Latin1Supplement,
            System.Text.Unicode.UnicodeRanges.GeneralPunctuation, System.Text.Unicode.UnicodeRanges.CjkSymbolsandPunctuation,
            System.Text.Unicode.UnicodeRanges.HangulJamo, System.Text.Unicode.UnicodeRanges.HangulCompatibilityJamo,
            System.Text.Unicode.UnicodeRanges.HangulSyllables, System.Text.Unicode.UnicodeRanges.HalfwidthandFullwidthForms));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(English);
            o.SupportedCultures = [.. Accepted];
            o.SupportedUICultures = [.. Accepted];
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // Cookie first (an explicit choice), then the browser; the query string is not consulted.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary><c>GET /culture?name=ko-KR&amp;redirectUri=/models</c>: remembers the choice in the culture cookie.</summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture", SetCulture).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult SetCulture(string? name, string? redirectUri, HttpContext http)
    {
        var culture = Offered.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        if (culture is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unsupported culture",
                detail: $"Culture '{name}' is not offered; use one of: {string.Join(", ", Offered.Select(c => c.Name))}.");
        }

        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false, Secure = http.Request.IsHttps });
        return TypedResults.LocalRedirect(LocalUrl.OrRoot(redirectUri));
    }
}
