namespace ModelOpsPortal.Infrastructure;

public static class LocalUrl
{
    /// <summary>
    /// The address if it stays inside the portal, else "/": redirects never leave the site. A control character (a tab,
    /// CR or LF) sends to "/" too: browsers strip some of them (so "/\t/evil.example" would leave the site) and ASP.NET's
    /// local redirect refuses them with an exception.
    /// </summary>
    public static string OrRoot(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl)
            ? url
            : "/";
}
