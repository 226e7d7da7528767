namespace ModelOpsPortal.Infrastructure.Data;

/// <summary>LIKE patterns with the wildcards in the user's text escaped (escape character <see cref="Escape"/>), the same on SQLite and SQL Server.</summary>
public static class LikePattern
{
    public const string Escape = "\\";

    /// <summary>A pattern matching any text that contains <paramref name="text"/> (trimmed) literally.</summary>
    public static string Containing(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
    }
}
