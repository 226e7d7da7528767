using System.Diagnostics;
using DuckDB.NET.Data;

namespace ModelOps.Cli;

/// <summary>
/// Runs the portal's summary query (DuckDB dialect) on this machine over Parquet or CSV files, out of core: DuckDB reads
/// the files in parallel and spills to a temporary folder when its memory limit is reached, and writes the result set
/// (tens of thousands of rows at most, whatever the number of rows) as CSV for the upload. The rows never leave.
/// </summary>
public static class LocalSummary
{
    /// <summary>The name the query reads; a view over the files.</summary>
    public const string View = "modelops_batch";

    /// <summary>What running the query took, and where its result set is.</summary>
    public sealed record Run(string CsvPath, TimeSpan Elapsed, long Bytes);

    /// <param name="source">A file, a glob (data/*.parquet, data/**/*.parquet) or a folder of Parquet files; .csv files are read as CSV.</param>
    /// <param name="memoryLimit">DuckDB's memory limit (for example 2GB), or null for its default (80% of the machine).</param>
    public static async Task<Run> RunAsync(string source, string sql, string? memoryLimit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var files = Directory.Exists(source) ? Path.Combine(source, "**", "*.parquet") : source;
        if (!files.Contains('*', StringComparison.Ordinal) && !files.Contains('?', StringComparison.Ordinal) && !File.Exists(files))
        {
            throw new UsageException($"--source '{source}' is not a file, a folder or a glob of files (data/*.parquet).");
        }

        var reader = files.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || files.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)
            ? "read_csv" : "read_parquet";
        var work = Directory.CreateTempSubdirectory("modelops-summary-").FullName;
        var output = Path.Combine(work, "summary.csv");
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var connection = new DuckDBConnection("Data Source=:memory:");
            await connection.OpenAsync(ct);
            await ExecuteAsync(connection, $"SET temp_directory = {Literal(Path.Combine(work, "spill"))}", ct);
            await ExecuteAsync(connection, "SET preserve_insertion_order = false", ct);
            if (memoryLimit is not null)
            {
                await ExecuteAsync(connection, $"SET memory_limit = {Literal(memoryLimit)}", ct);
            }

            await ExecuteAsync(connection, $"CREATE VIEW {View} AS SELECT * FROM {reader}({Literal(files)})", ct);
            await ExecuteAsync(connection, $"COPY ({sql}) TO {Literal(output)} (HEADER, DELIMITER ',')", ct);
        }
        catch (DuckDBException e)
        {
            Directory.Delete(work, recursive: true);
            throw new UsageException($"DuckDB could not run the summary query over {source}: {e.Message}");
        }

        return new Run(output, Stopwatch.GetElapsedTime(started), new FileInfo(output).Length);
    }

    /// <summary>A SQL string literal: the text between single quotes, each quote doubled.</summary>
    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
