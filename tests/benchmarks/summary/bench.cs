#:package DuckDB.NET.Data.Full
// The summary benchmark's DuckDB steps (issue #18), run by run.sh with `dotnet run bench.cs -- ...`:
//   generate ROWS FILE.parquet [baseline]   a deterministic scored batch (or baseline) as one Parquet file
//   query SQL-FILE FILE.parquet OUT.csv     runs the portal's summary query over the file; prints the seconds it took
//   csv FILE.parquet OUT.csv                the batch as CSV with a header row, to load into other engines
// Rows are a function of their number (DuckDB's hash), so every run and machine makes the same batch. Scores carry 4
// decimals (ties), labels follow the scores, three sensitive attributes, four features as the test data's.
using System.Diagnostics;
using DuckDB.NET.Data;

await using var duck = new DuckDBConnection("Data Source=:memory:");
await duck.OpenAsync();
var temp = Directory.CreateTempSubdirectory("modelops-bench-duckdb-").FullName;
await ExecuteAsync($"SET temp_directory = '{temp}'");
await ExecuteAsync("SET preserve_insertion_order = false");
try
{
    switch (args)
    {
        case ["generate", var rows, var file, .. var rest]:
            // u(n): a uniform number in [0, 1) from the row number and a stream n, the same on every run.
            var shift = rest is ["baseline"] ? 0.0 : 0.03;
            var salt = rest is ["baseline"] ? 1_000_003 : 0;
            static string U(int stream) => $"((hash(i * 16 + {stream}) % 1000000007) / 1000000007.0)";
            await ExecuteAsync($"""
                COPY (
                  SELECT i + 1 AS record_id,
                    ROUND(LEAST(1.0, 0.35 * y + 0.65 * {U(2)}), 4) AS score,
                    ROUND(LEAST(1.0, 0.45 * y + 0.55 * {U(3)}), 4) AS challenger_score,
                    y AS label,
                    CASE WHEN {U(4)} < 0.5 THEN 'F' ELSE 'M' END AS gender,
                    ['18-25', '26-40', '41-60', '60+'][1 + CAST(FLOOR({U(5)} * 4) AS INTEGER)] AS age_band,
                    ['A', 'B', 'C', 'D'][1 + CAST(FLOOR({U(6)} * 4) AS INTEGER)] AS race,
                    ROUND(20 + 80 * {U(7)} + {shift} * 100, 2) AS income,
                    ROUND(LEAST(1.0, {U(8)} + {shift}), 4) AS utilization,
                    CAST(FLOOR(120 * {U(9)}) AS INTEGER) AS tenure_months,
                    ['north', 'south', 'east', 'west'][1 + CAST(FLOOR({U(10)} * 4) AS INTEGER)] AS region
                  FROM (SELECT i + {salt} AS i, CASE WHEN {U(1)} < 0.3 THEN 1 ELSE 0 END AS y FROM range({long.Parse(rows)}) t(i)) r
                ) TO '{file}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
                """);
            break;
        case ["query", var sqlFile, var file, var output]:
            var sql = await File.ReadAllTextAsync(sqlFile);
            await ExecuteAsync($"CREATE VIEW batch AS SELECT * FROM read_parquet('{file}')");
            var started = Stopwatch.GetTimestamp();
            await ExecuteAsync($"COPY ({sql}) TO '{output}' (HEADER, DELIMITER ',')");
            Console.WriteLine(Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
            break;
        case ["csv", var file, var output]:
            await ExecuteAsync($"COPY (SELECT * FROM read_parquet('{file}')) TO '{output}' (HEADER, DELIMITER ',')");
            break;
        default:
            Console.Error.WriteLine("usage: dotnet run bench.cs -- generate ROWS FILE.parquet [baseline] | query SQL-FILE FILE.parquet OUT.csv | csv FILE.parquet OUT.csv");
            return 1;
    }
}
finally
{
    Directory.Delete(temp, recursive: true);
}

return 0;

async Task ExecuteAsync(string sql)
{
    await using var command = duck.CreateCommand();
    command.CommandText = sql;
    await command.ExecuteNonQueryAsync();
}
