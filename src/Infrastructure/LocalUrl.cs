namespace ModelOpsPortal.Infrastructure;

public static class LocalUrl
{
    /// <summary>The address if it stays inside the portal, else "/": redirects never leave the site.</summary>
    public static string OrRoot(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
