using System.Globalization;
using Microsoft.JSInterop;

namespace ModelOpsPortal.App.Components;

/// <summary>
/// The reader's time zone: from the cookie wwwroot/js/portal.js keeps (so static pages and prerendering show local times),
/// else asked of the browser once per circuit. Until it is known, times are shown in UTC and say so.
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js, IHttpContextAccessor http)
{
    public const string Cookie = "modelops.tz";

    private TimeZoneInfo? zone = FromCookie(http.HttpContext);
    private Task<bool>? loading;

    public bool IsKnown => zone is not null;

    /// <returns>True when this call learned the zone (the caller should re-render).</returns>
    public Task<bool> EnsureLoadedAsync() => zone is not null ? Task.FromResult(false) : loading ??= LoadAsync();

    /// <summary>In the reader's zone and culture (short date, or short date and time).</summary>
    public string Format(DateTime utc, bool dateOnly = false)
    {
        if (zone is null)
        {
            return utc.ToString(dateOnly ? "d" : "g", CultureInfo.CurrentCulture) + (dateOnly ? "" : " UTC");
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return local.ToString(dateOnly ? "d" : "g", CultureInfo.CurrentCulture);
    }

    private static TimeZoneInfo? FromCookie(HttpContext? context) =>
        context?.Request.Cookies[Cookie] is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : null;

    private async Task<bool> LoadAsync()
    {
        try
        {
            var id = await js.InvokeAsync<string>("portal.timeZone");
            zone = !string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;
        }
        catch (JSException)
        {
            zone = TimeZoneInfo.Utc;
        }

        return true;
    }
}
