using System.Data.Common;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using ModelOpsPortal.Infrastructure.Csv;
using Npgsql;

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// Real SQL engines for the summary query (issue #18): a CSV file of rows is loaded as table <c>batch</c> into SQLite
/// (a file), DuckDB (as a Parquet file the view reads) or PostgreSQL (a throwaway database of the run's cluster), the
/// portal's query runs there, and its result set comes back as CSV, written by the engine itself where it can
/// (DuckDB's and PostgreSQL's COPY), as a pipeline would.
/// </summary>
internal static class SummaryEngines
{
    /// <summary>Columns typed as numbers; every other column is text.</summary>
    private static readonly HashSet<string> Numbers = new(StringComparer.Ordinal)
    {
        "record_id", "score", "challenger_score", "label", "income", "utilization", "tenure_months", "balance",
    };

    public static async Task<(string[] Header, List<string[]> Rows)> ReadAsync(string csvPath, CancellationToken ct)
    {
        await using var file = File.OpenRead(csvPath);
        var all = await new CsvReader(file).ReadAllAsync(ct);
        return (all[0], [.. all.Skip(1).Where(r => r.Length == all[0].Length)]);
    }

    /// <summary>Runs <paramref name="sql"/> over the rows of <paramref name="csvPath"/> on SQLite and writes its result as CSV.</summary>
    public static async Task<string> SqliteAsync(string csvPath, string sql, string folder, CancellationToken ct, string table = "batch")
    {
        var (header, rows) = await ReadAsync(csvPath, ct);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "warehouse.db")};Pooling=False");
        await connection.OpenAsync(ct);
        await LoadAsync(connection, table, header, rows, "REAL", "TEXT", ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ToCsvAsync(reader, ct);
    }

    /// <summary>Writes the rows as a Parquet file, runs the query on DuckDB over a view of it, and has DuckDB write the CSV.</summary>
    public static async Task<string> DuckDbAsync(string csvPath, string sql, string folder, CancellationToken ct)
    {
        var parquet = Path.Combine(folder, "batch.parquet");
        var output = Path.Combine(folder, "summary.csv");
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, $"COPY (SELECT * FROM read_csv('{csvPath}', header = true)) TO '{parquet}' (FORMAT parquet)", ct);
        await ExecuteAsync(connection, $"CREATE VIEW batch AS SELECT * FROM read_parquet('{parquet}')", ct);
        await ExecuteAsync(connection, $"COPY ({sql}) TO '{output}' (HEADER, DELIMITER ',')", ct);
        return await File.ReadAllTextAsync(output, ct);
    }

    /// <summary>Loads the rows into a new database of the run's PostgreSQL cluster and has COPY write the query's result as CSV.</summary>
    public static async Task<string> PostgresAsync(PostgresCluster cluster, string csvPath, string sql, CancellationToken ct)
    {
        var database = await cluster.CreateDatabaseAsync(ct);
        try
        {
            var (header, rows) = await ReadAsync(csvPath, ct);
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(ct);
            await LoadAsync(connection, "batch", header, rows, "DOUBLE PRECISION", "TEXT", ct);
            using var export = await connection.BeginTextExportAsync($"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER true)", ct);
            return await export.ReadToEndAsync(ct);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            PostgresCluster.DropDatabase(database);
        }
    }

    private static async Task LoadAsync(DbConnection connection, string table, string[] header, List<string[]> rows, string number, string text, CancellationToken ct)
    {
        await ExecuteAsync(connection, $"CREATE TABLE {table} ({string.Join(", ", header.Select(h => $"{h} {(Numbers.Contains(h) ? number : text)}"))})", ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {table} VALUES ({string.Join(", ", header.Select((_, i) => $"@p{i}"))})";
        var parameters = header.Select((_, i) =>
        {
            var p = insert.CreateParameter();
            p.ParameterName = $"p{i}";
            insert.Parameters.Add(p);
            return p;
        }).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < header.Length; i++)
            {
                parameters[i].Value = row[i].Length == 0 ? DBNull.Value
                    : Numbers.Contains(header[i]) ? double.Parse(row[i], CultureInfo.InvariantCulture) : row[i];
            }

            await insert.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A result set as CSV with a header row: empty for NULL, doubles round-trip, text quoted where it must be.</summary>
    public static async Task<string> ToCsvAsync(DbDataReader reader, CancellationToken ct)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)).Append('\n');
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                csv.Append(i == 0 ? "" : ",").Append(reader.GetValue(i) switch
                {
                    DBNull => "",
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    string s => s.Length == 0 || s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s,
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var other => other.ToString(),
                });
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }
}
