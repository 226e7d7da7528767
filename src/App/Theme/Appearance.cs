namespace ModelOpsPortal.App.Theme;

/// <summary>
/// The reader's light or dark choice, kept in a cookie so the server draws the page in it from the first byte (no flash
/// of the other theme). portal.js writes it: <c>dark</c> or <c>light</c> when the reader chose, <c>os-dark</c> or
/// <c>os-light</c> when it follows the operating system.
/// </summary>
public static class Appearance
{
    public const string Cookie = "modelops.theme";

    public static bool IsDark(HttpContext? context) =>
        context?.Request.Cookies[Cookie] is "dark" or "os-dark";
}
