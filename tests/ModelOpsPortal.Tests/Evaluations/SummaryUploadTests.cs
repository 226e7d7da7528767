using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>
/// Evaluating where the data lives (issue #18): the portal writes the summary query, a real engine runs it over the
/// rows (SQLite, DuckDB over Parquet, PostgreSQL), the result set is uploaded as CSV, and every figure of the stored
/// evaluation equals the row upload's of the same rows to 1e-9, ties included. Bad summaries and names are refused
/// with a 400 that says what is wrong, and nothing is stored.
/// </summary>
[Trait("Category", "Database")]
public sealed class SummaryUploadTests(PostgresCluster cluster) : IDisposable
{
    private static readonly string[] Sensitive = ["gender", "age_band", "race"];
    private static readonly string TiesCsv = Path.Combine(RepositoryFiles.TestData, "evaluation", "current_ties.csv");

    /// <summary>The parts of an evaluation's answer that are figures of the batch (not its id, name, time or alerts).</summary>
    private static readonly string[] Figures = ["rowCount", "versions", "drift", "driftUnavailable", "comparison", "fairness", "curves", "regressionFairness", "challengerFairness"];

    private readonly PortalFactory portal = new();
    private readonly string folder = Directory.CreateTempSubdirectory("modelops-summary-").FullName;

    public void Dispose()
    {
        portal.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A binary model (versions 1 and 2 read income, utilization, tenure_months, region) with version 1's baseline.</summary>
    private async Task<(int ModelId, HttpClient Pipeline)> ModelAsync()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Summary scorecard", Sensitive);
        var pipeline = portal.CreateClient(PortalRoles.DataScientist);
        var reference = await File.ReadAllTextAsync(Path.Combine(RepositoryFiles.TestData, "evaluation", "reference.csv"), Ct);
        using var baseline = await pipeline.PostAsync($"/api/models/{modelId}/versions/1/baseline", new StringContent(reference, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.Created, baseline.StatusCode);
        return (modelId, pipeline);
    }

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<string> QueryAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return text;
    }

    /// <param name="rounded">The path of the figures that may differ (a feature with more decimals than the summary), or empty.</param>
    private static void AssertSameFigures(JsonElement rows, JsonElement summary, string rounded = "")
    {
        var differences = new List<string>();
        foreach (var name in Figures)
        {
            var inRows = rows.TryGetProperty(name, out var r);
            var inSummary = summary.TryGetProperty(name, out var s);
            if (inRows != inSummary)
            {
                differences.Add($"$.{name}: only in one of them");
            }
            else if (inRows)
            {
                FigureComparison.Compare(r, s, "$." + name, differences);
            }
        }

        if (rounded.Length > 0)
        {
            Assert.NotEmpty(differences);
            differences.RemoveAll(d => d.StartsWith(rounded, StringComparison.Ordinal));
        }

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences.Take(20)));
    }

    /// <remarks>
    /// current_ties.csv's scores carry 2 decimals and its features at most 4 (utilization): at P = 4 every figure agrees;
    /// at P = 3 every figure but utilization's drift, which is then the drift of its values rounded to 3 decimals.
    /// </remarks>
    [Theory]
    [InlineData("sqlite", 4)]
    [InlineData("duckdb", 4)]
    [InlineData("postgres", 4)]
    [InlineData("sqlite", 3)]
    [InlineData("duckdb", 3)]
    public async Task The_summary_run_on_a_real_engine_gives_every_figure_of_the_row_upload(string dialect, int precision)
    {
        var (modelId, pipeline) = await ModelAsync();
        using var client = pipeline;
        var rows = await CreatedAsync(await pipeline.PostAsync($"/api/models/{modelId}/evaluations?version=1&challenger=2",
            new StringContent(await File.ReadAllTextAsync(TiesCsv, Ct), Encoding.UTF8, "text/csv"), Ct));

        var sql = await QueryAsync(pipeline, $"/api/models/{modelId}/evaluations/summary-query?version=1&challenger=2&dialect={dialect}&source=batch&precision={precision}");
        var result = dialect switch
        {
            "sqlite" => await SummaryEngines.SqliteAsync(TiesCsv, sql, folder, Ct),
            "duckdb" => await SummaryEngines.DuckDbAsync(TiesCsv, sql, folder, Ct),
            _ => await SummaryEngines.PostgresAsync(cluster, TiesCsv, sql, Ct),
        };
        var summary = await CreatedAsync(await pipeline.PostAsync($"/api/models/{modelId}/evaluations/summary?version=1&challenger=2&precision={precision}",
            new StringContent(result, Encoding.UTF8, "text/csv"), Ct));

        AssertSameFigures(rows, summary, precision == 4 ? "" : "$.drift.utilization.");
        Assert.Equal(precision, summary.GetProperty("summaryPrecision").GetInt32());
        Assert.Equal(JsonValueKind.Null, rows.GetProperty("summaryPrecision").ValueKind);
        // Not vacuous: every part is there, and the result set is small.
        Assert.Equal(JsonValueKind.Object, summary.GetProperty("comparison").ValueKind);
        Assert.Equal(3, summary.GetProperty("fairness").EnumerateObject().Count());
        Assert.Equal(3, summary.GetProperty("challengerFairness").EnumerateObject().Count());
        Assert.Equal(4, summary.GetProperty("drift").EnumerateObject().Count());
        Assert.Equal(2, summary.GetProperty("curves").EnumerateObject().Count());
        // The result set holds a row per distinct value at P decimals, not per row: 20,000 rows, fewer lines.
        Assert.InRange(result.Split('\n').Length, 50, precision == 4 ? 15_000 : 10_000);
        await using var db = portal.Database.CreateDbContext();
        var audit = await db.AuditEvents.Where(e => e.Action == "evaluation.uploaded").OrderBy(e => e.Sequence).Select(e => e.After).ToListAsync(Ct);
        Assert.Contains($"\"summaryPrecision\":{precision}", audit[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regression_summary_run_on_sqlite_gives_every_figure_of_the_row_upload()
    {
        var modelId = await TestModels.RegisterRegressionAsync(portal.Services, "Summary LGD model");
        var path = Path.Combine(RepositoryFiles.TestData, "regression", "regression.csv");
        using var pipeline = portal.CreateClient(PortalRoles.DataScientist);
        var rows = await CreatedAsync(await pipeline.PostAsync($"/api/models/{modelId}/evaluations?version=1",
            new StringContent(await File.ReadAllTextAsync(path, Ct), Encoding.UTF8, "text/csv"), Ct));

        var sql = await QueryAsync(pipeline, $"/api/models/{modelId}/evaluations/summary-query?version=1&dialect=sqlite&source=batch&precision=3");
        var result = await SummaryEngines.SqliteAsync(path, sql, folder, Ct);
        var summary = await CreatedAsync(await pipeline.PostAsync($"/api/models/{modelId}/evaluations/summary?version=1&precision=3",
            new StringContent(result, Encoding.UTF8, "text/csv"), Ct));

        AssertSameFigures(rows, summary);
        Assert.True(summary.GetProperty("versions").GetProperty("1").GetProperty("rmse").GetDouble() > 0);
        Assert.NotEmpty(summary.GetProperty("regressionFairness").GetProperty("segment").GetProperty("groups").EnumerateObject());
    }

    [Fact]
    public async Task The_additive_sections_of_several_runs_add_up_to_the_whole()
    {
        var (modelId, pipeline) = await ModelAsync();
        using var client = pipeline;
        var sql = await QueryAsync(pipeline, $"/api/models/{modelId}/evaluations/summary-query?version=1&challenger=2&dialect=sqlite&source=batch&precision=3");
        var whole = await SummaryEngines.SqliteAsync(TiesCsv, sql, folder, Ct);
        // Two partitions of the rows, each run on its own: their additive sections, with the whole table's group_auc and delong.
        var (header, all) = await SummaryEngines.ReadAsync(TiesCsv, Ct);
        var parts = new List<string>();
        for (var p = 0; p < 2; p++)
        {
            var file = Path.Combine(folder, $"part{p}.csv");
            await File.WriteAllLinesAsync(file, [string.Join(',', header), .. all.Where((_, i) => i % 2 == p).Select(r => string.Join(',', r))], Ct);
            var partFolder = Directory.CreateDirectory(Path.Combine(folder, $"p{p}")).FullName;
            parts.Add(await SummaryEngines.SqliteAsync(file, sql, partFolder, Ct));
        }

        static IEnumerable<string> Lines(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        static bool WholeTable(string line) => line.StartsWith("group_auc,", StringComparison.Ordinal) || line.StartsWith("delong,", StringComparison.Ordinal);
        var combined = string.Join('\n', [whole.Split('\n')[0], .. Lines(whole).Where(WholeTable), .. parts.SelectMany(p => Lines(p).Where(l => !WholeTable(l)))]) + "\n";

        var fromWhole = await CreatedAsync(await pipeline.PostAsync($"/api/models/{modelId}/evaluations/summary?version=1&challenger=2&precision=3",
            new StringContent(whole, Encoding.UTF8, "text/csv"), Ct));
        var fromParts = await CreatedAsync(await pipeline.PostAsync($"/api/models/{modelId}/evaluations/summary?version=1&challenger=2&precision=3",
            new StringContent(combined, Encoding.UTF8, "text/csv"), Ct));

        AssertSameFigures(fromWhole, fromParts);
        // The parts' own group_auc and delong rows are refused: they do not add up.
        var naive = string.Join('\n', [whole.Split('\n')[0], .. parts.SelectMany(Lines)]) + "\n";
        using var refused = await pipeline.PostAsync($"/api/models/{modelId}/evaluations/summary?version=1&challenger=2&precision=3",
            new StringContent(naive, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("whole table", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadSummaries => new()
    {
        // what is changed in a good summary (a line's first fields, or the whole header), and what the 400 must say
        { "version=1&challenger=2&precision=4", "", "computed at precision 3, but precision=4 was asked" },
        { "version=2&challenger=1&precision=3", "", "the query for model=" },
        { "", "drop income", "The 'feature' section has nothing for 'income'" },
        { "", "negate score", "is not a count" },
        { "", "repeat delong", "cannot be added up from parts" },
        { "", "dropall delong", "The 'delong' section has nothing for 'challenger_score'" },
        { "", "dropall group_auc", "The 'group_auc' section has nothing for 'score/gender'" },
        { "", "drop score", "disagree on the number of rows" },
        { "", "header", "has no column 'tp'" },
        { "", "unknown section", "'scores' is not a section" },
    };

    [Theory]
    [MemberData(nameof(BadSummaries))]
    public async Task A_summary_that_does_not_match_the_model_is_refused_and_nothing_is_stored(string query, string change, string message)
    {
        var (modelId, pipeline) = await ModelAsync();
        using var client = pipeline;
        var sql = await QueryAsync(pipeline, $"/api/models/{modelId}/evaluations/summary-query?version=1&challenger=2&dialect=sqlite&source=batch&precision=3");
        var lines = (await SummaryEngines.SqliteAsync(TiesCsv, sql, folder, Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        switch (change.Split(' ', 2) is [var verb, var what] ? (verb, what) : (change, ""))
        {
            case ("drop", "income"):
                lines.RemoveAll(l => l.Split(',') is ["feature", _, "income", ..]);
                break;
            case ("dropall", var section):
                lines.RemoveAll(l => l.StartsWith(section + ",", StringComparison.Ordinal));
                break;
            case ("drop", var section):
                lines.Remove(lines.First(l => l.StartsWith(section + ",", StringComparison.Ordinal)));
                break;
            case ("negate", var section):
                var at = lines.FindIndex(l => l.StartsWith(section + ",", StringComparison.Ordinal));
                var fields = lines[at].Split(',');
                fields[6] = "-" + fields[6];
                lines[at] = string.Join(',', fields);
                break;
            case ("repeat", var section):
                lines.Add(lines.First(l => l.StartsWith(section + ",", StringComparison.Ordinal)));
                break;
            case ("header", _):
                lines[0] = lines[0].Replace(",tp,", ",true_positives,", StringComparison.Ordinal);
                break;
            case ("unknown", _):
                lines[1] = "scores" + lines[1][lines[1].IndexOf(',', StringComparison.Ordinal)..];
                break;
        }

        using var response = await pipeline.PostAsync($"/api/models/{modelId}/evaluations/summary?{(query.Length > 0 ? query : "version=1&challenger=2&precision=3")}",
            new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "text/csv"), Ct);

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var problem = JsonSerializer.Deserialize<ValidationProblemDetails>(body, JsonSerializerOptions.Web);
        Assert.Contains(message, Assert.Single(problem!.Errors["body"]), StringComparison.Ordinal);
        await using var db = portal.Database.CreateDbContext();
        Assert.Equal(0, await db.Evaluations.CountAsync(Ct));
    }

    [Fact]
    public async Task Values_a_row_upload_would_refuse_are_counted_by_the_query_and_refused()
    {
        var (modelId, pipeline) = await ModelAsync();
        using var client = pipeline;
        var (header, all) = await SummaryEngines.ReadAsync(TiesCsv, Ct);
        var label = Array.IndexOf(header, "label");
        var income = Array.IndexOf(header, "income");
        all[0][label] = "2";
        all[1][income] = "";
        var file = Path.Combine(folder, "bad.csv");
        await File.WriteAllLinesAsync(file, [string.Join(',', header), .. all.Select(r => string.Join(',', r))], Ct);
        var sql = await QueryAsync(pipeline, $"/api/models/{modelId}/evaluations/summary-query?version=1&challenger=2&dialect=sqlite&source=batch&precision=3");

        using var response = await pipeline.PostAsync($"/api/models/{modelId}/evaluations/summary?version=1&challenger=2&precision=3",
            new StringContent(await SummaryEngines.SqliteAsync(file, sql, folder, Ct), Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("1 rows of the source have", body, StringComparison.Ordinal);
        await using var db = portal.Database.CreateDbContext();
        Assert.Equal(0, await db.Evaluations.CountAsync(Ct));
    }

    [Theory]
    [InlineData("dialect=sqlite&source=batch;DROP TABLE models", "source", "'batch;DROP TABLE models' is not a table or view name")]
    [InlineData("dialect=sqlite&source=a.b.c.d", "source", "is not a table or view name")]
    [InlineData("dialect=sqlite&source=\"batch\"", "source", "is not a table or view name")]
    [InlineData("dialect=sqlite", "source", "is not a table or view name")]
    [InlineData("dialect=oracle&source=batch", "dialect", "choose one of spark, tsql, postgres, duckdb, sqlite")]
    [InlineData("dialect=1&source=batch", "dialect", "is not a dialect")]
    [InlineData("dialect=sqlite&source=batch&precision=7", "precision", "from 0 to 6")]
    [InlineData("dialect=sqlite&source=batch&version=9", "version", "9")]
    public async Task A_name_that_is_not_an_identifier_or_a_bad_choice_is_refused_and_named(string query, string field, string message)
    {
        var (modelId, pipeline) = await ModelAsync();
        using var client = pipeline;
        var path = $"/api/models/{modelId}/evaluations/summary-query?{(query.Contains("version=", StringComparison.Ordinal) ? "" : "version=1&")}{query}";

        using var response = await pipeline.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct);
        Assert.Contains(message, Assert.Single(problem!.Errors[field]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_of_the_version_that_is_not_an_identifier_is_refused_and_named()
    {
        var inventory = new TestInventory(portal.Services);
        var model = await inventory.RegisterModelAsync(Inputs.Model("Awkward names"), "hana", Ct);
        var version = Inputs.Version();
        version.Features = [new FeatureInput { Name = "annual income", Type = FeatureType.Numeric }];
        await inventory.RegisterVersionAsync(model.Id, version, "hana", Ct);
        using var pipeline = portal.CreateClient(PortalRoles.DataScientist);

        using var response = await pipeline.GetAsync($"/api/models/{model.Id}/evaluations/summary-query?version=1&dialect=duckdb&source=batch", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The column 'annual income' is not an identifier", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_query_comes_as_text_or_json_quoted_per_dialect_and_an_unknown_model_is_404()
    {
        var (modelId, pipeline) = await ModelAsync();
        using var client = pipeline;
        var path = $"/api/models/{modelId}/evaluations/summary-query?version=1&challenger=2&source=lake.scoring.batch_2026_11";

        var spark = await QueryAsync(pipeline, path + "&dialect=spark");
        var tsql = await QueryAsync(pipeline, path + "&dialect=tsql");
        var postgres = await QueryAsync(pipeline, path + "&dialect=postgres");
        using var request = new HttpRequestMessage(HttpMethod.Get, path + "&dialect=DuckDB");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var json = await pipeline.SendAsync(request, Ct);
        using var missing = await pipeline.GetAsync("/api/models/999999/evaluations/summary-query?version=1&dialect=sqlite&source=batch", Ct);

        Assert.Contains("FROM `lake`.`scoring`.`batch_2026_11`", spark, StringComparison.Ordinal);
        Assert.DoesNotContain('"', string.Concat(spark.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal))));
        Assert.Contains("FROM [lake].[scoring].[batch_2026_11]", tsql, StringComparison.Ordinal);
        Assert.Contains("FROM \"lake\".\"scoring\".\"batch_2026_11\"", postgres, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var sql = JsonDocument.Parse(await json.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("sql").GetString();
        Assert.Contains("CAST(\"score\" AS DOUBLE)", sql, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task The_tsql_query_parses_as_one_statement_of_sql_server(bool binary, bool challenger)
    {
        var inventory = new TestInventory(portal.Services);
        var input = Inputs.Model("T-SQL scorecard");
        input.ModelType = binary ? ModelType.BinaryClassification : ModelType.Regression;
        input.SensitiveAttributes = ["gender", "region_code"];
        var model = await inventory.RegisterModelAsync(input, "hana", Ct);
        for (var i = 0; i < 2; i++)
        {
            var version = Inputs.Version();
            version.Features = [new FeatureInput { Name = "income", Type = FeatureType.Numeric }, new FeatureInput { Name = "channel", Type = FeatureType.Categorical }];
            await inventory.RegisterVersionAsync(model.Id, version, "hana", Ct);
        }

        using var pipeline = portal.CreateClient(PortalRoles.DataScientist);
        var sql = await QueryAsync(pipeline, $"/api/models/{model.Id}/evaluations/summary-query?version=1{(challenger ? "&challenger=2" : "")}&dialect=tsql&source=dbo.scored_batch");

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var script = (TSqlScript)parser.Parse(new StringReader(sql), out var errors);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")));
        var statement = Assert.Single(Assert.Single(script.Batches).Statements);
        Assert.IsType<SelectStatement>(statement);
    }
}
