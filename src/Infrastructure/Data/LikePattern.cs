namespace ModelOpsPortal.Infrastructure.Data;

/// <summary>
/// LIKE patterns with the wildcards in the user's text escaped (escape character <see cref="Escape"/>), the same on every
/// provider. For a search that ignores case, the query upper-cases the column and the pattern alike in the database
/// (<c>Like(x.Name.ToUpper(), pattern.ToUpper(), Escape)</c>): LIKE ignores case on SQLite (ASCII) and SQL Server's
/// default collation but not on PostgreSQL, and one function on both sides folds them the same way.
/// </summary>
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
