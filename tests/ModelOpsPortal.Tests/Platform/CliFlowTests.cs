using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ModelOps.Cli;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// The modelops tool runs a whole pipeline against the portal over HTTP, through the client generated from the portal's
/// OpenAPI document: register, baseline, evaluate with a challenger, request validation and promotion, wait for the
/// validators, read the champion. Mistakes end with the exit code that names them and the portal's own words.
/// </summary>
[Trait("Category", "Database")]
public sealed class CliFlowTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly string folder = Directory.CreateTempSubdirectory("modelops-cli-").FullName;

    public void Dispose()
    {
        portal.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Outcome(int Code, string Out, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    }

    /// <summary>Runs modelops as a data scientist's pipeline would: the key in the environment, the portal's address given.</summary>
    private async Task<Outcome> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string> { [CliApp.KeyVariable] = PortalFactory.KeyFor(PortalRoles.DataScientist) };
        var context = new CliContext(output, error, name => environment.GetValueOrDefault(name), new ConfigFile(Path.Combine(folder, "config.json")), portal.CreateClient());
        var code = await CliApp.RunAsync([.. args, "--portal", portal.Server.BaseAddress.ToString()], context, Ct);
        return new Outcome(code, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_pipeline_registers_evaluates_requests_waits_for_the_decisions_and_reads_the_champion()
    {
        var model = Write("model.yaml", """
            name: CLI scorecard
            purpose: Ranks applicants by probability of default.
            intendedUse: Retail unsecured lending decisions.
            businessUnit: Retail Credit
            owner: Hana Kim
            developers: [Daniel Okafor]
            modelType: BinaryClassification
            riskTier: Medium
            sensitiveAttributes: [gender, age_band, race]
            """);
        var artifact = Write("model.pkl", "the trained model's bytes");
        var version = Write("version.yaml", """
            algorithm: XGBoost
            language: Python
            framework: xgboost 2.1
            artifactUri: s3://models/cli-scorecard/model.pkl
            trainingDataset:
              name: retail_applications_2026Q3
              rows: 200000
              snapshotDate: 2026-09-30
            codeRepository: https://git.example.com/risk/cli-scorecard
            codeCommit: 96e4df079a2c16f21cde3ed3a00efb844beb92f8
            hyperparameters:
              max_depth: 6
              learning_rate: 0.1
            features:
              - { name: income, type: Numeric }
              - { name: utilization, type: Numeric }
              - { name: tenure_months, type: Numeric }
              - { name: region, type: Categorical }
            """);
        var batch = Path.Combine(RepositoryFiles.TestData, "evaluation", "current.csv");

        var login = await RunAsync("login");
        var registered = await RunAsync("register-model", "--file", model, "--json");
        var v1 = await RunAsync("register-version", "--model", "CLI scorecard", "--file", version, "--artifact", artifact, "--json");
        var v2 = await RunAsync("register-version", "--model", "CLI scorecard", "--file", version, "--artifact", artifact);
        var metrics = await RunAsync("metrics", "--model", "CLI scorecard", "--version", "1", "--metric", "auc:validation=0.81,ks:out-of-time=0.44");
        var baseline = await RunAsync("baseline", "--model", "CLI scorecard", "--version", "1", "--file", Path.Combine(RepositoryFiles.TestData, "evaluation", "reference.csv"));
        var evaluated = await RunAsync("evaluate", "--model", "CLI scorecard", "--version", "1", "--challenger", "latest", "--file", batch, "--period-start", "2026-11-01", "--json");
        var readable = await RunAsync("evaluate", "--model", "CLI scorecard", "--version", "1", "--challenger", "2", "--file", batch, "--period-start", "2026-12-01",
            "--idempotency-key", "run-42-december");
        var rerun = await RunAsync("evaluate", "--model", "CLI scorecard", "--version", "1", "--challenger", "2", "--file", batch, "--period-start", "2026-12-01",
            "--idempotency-key", "run-42-december");

        Assert.True(login.Code == 0, login.Error);
        Assert.Contains("as datascientist-pipeline", login.Out, StringComparison.Ordinal);
        Assert.True(registered.Code == 0, registered.Error);
        var modelId = registered.Json.GetProperty("id").GetInt32();
        Assert.True(v1.Code == 0, v1.Error);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(artifact))), v1.Json.GetProperty("artifactSha256").GetString());
        Assert.Contains("Registered CLI scorecard v2", v2.Out, StringComparison.Ordinal);
        Assert.True(metrics.Code == 0, metrics.Error);
        Assert.True(baseline.Code == 0, baseline.Error);
        Assert.Contains("Uploading reference.csv: 100%", baseline.Error, StringComparison.Ordinal);
        Assert.True(evaluated.Code == 0, evaluated.Error);
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.TestData, "evaluation", "expected_current.json"))).RootElement;
        Assert.Equal(expected.GetProperty("champion").GetProperty("auc").GetDouble(), evaluated.Json.GetProperty("versions").GetProperty("1").GetProperty("auc").GetDouble(), 9);
        Assert.Equal(2, evaluated.Json.GetProperty("challenger").GetInt32());
        Assert.True(evaluated.Json.TryGetProperty("challengerFairness", out _));
        Assert.Contains("(20,000 rows): v1 AUC 0.", readable.Out.Replace("20000", "20,000", StringComparison.Ordinal), StringComparison.Ordinal);
        // The re-run with the same key is answered from the first: same evaluation, nothing stored twice.
        Assert.Equal(readable.Out, rerun.Out);
        using var reader = portal.CreateClient(PortalRoles.Auditor);
        var stored = await reader.GetFromJsonAsync<JsonElement>($"/api/models/{registered.Json.GetProperty("id").GetInt32()}/evaluations", Ct);
        Assert.Equal(2, stored.GetProperty("totalCount").GetInt32());

        // Validation, then promotion to champion; a validator decides each while the pipeline waits.
        using var validator = portal.CreateClient(PortalRoles.Validator);
        var validation = await RunAsync("request", "--model", "CLI scorecard", "--version", "1", "--kind", "validation", "--justification", "Pipeline run 42.", "--json");
        Assert.True(validation.Code == 0, validation.Error);
        foreach (var (kind, extra) in new[] { ("validation", Array.Empty<string>()), ("promotion", ["--role", "champion"]) })
        {
            // The promotion is filed and awaited in one command (--wait); the validation with wait, by its id.
            var waiting = kind == "promotion"
                ? RunAsync(["request", "--model", "CLI scorecard", "--version", "1", "--kind", kind, "--justification", "Pipeline run 42.", "--wait", "--timeout", "60", .. extra])
                : null;
            var requestId = await PendingRequestAsync(validator, modelId);
            if (waiting is null)
            {
                waiting = RunAsync("wait", "--request", requestId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "60");
            }

            await Task.Delay(300, Ct);
            Assert.False(waiting.IsCompleted);
            var approved = await validator.PostAsJsonAsync($"/api/requests/{requestId}/approve", new { comment = "Validation pack checked." }, Ct);
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            var decided = await waiting;
            Assert.True(decided.Code == ExitCode.Ok, decided.Out + decided.Error);
            Assert.Contains($"Request {requestId}: Approved (Approve by validator-pipeline: Validation pack checked.)", decided.Out, StringComparison.Ordinal);
        }

        var champion = await RunAsync("champion", "--model", "CLI scorecard");
        Assert.True(champion.Code == 0, champion.Error);
        Assert.Equal(["CLI scorecard v1", "s3://models/cli-scorecard/model.pkl", "sha256:" + v1.Json.GetProperty("artifactSha256").GetString()],
            champion.Out.TrimEnd().Split('\n'));
    }

    /// <summary>The model's open request, as a validator's inbox lists it (polled: the pipeline files it concurrently).</summary>
    private static async Task<int> PendingRequestAsync(HttpClient validator, int modelId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var page = await validator.GetFromJsonAsync<JsonElement>($"/api/requests?status=pending&modelId={modelId}", Ct);
            if (page.GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } open)
            {
                return open.GetProperty("id").GetInt32();
            }

            await Task.Delay(100, Ct);
        }

        throw new InvalidOperationException("The pipeline filed no request.");
    }

    [Fact]
    public async Task Each_kind_of_failure_ends_with_its_own_exit_code_and_the_portals_words()
    {
        var model = Write("model.json", """{"name": "CLI duplicate", "purpose": "p", "intendedUse": "u", "businessUnit": "b", "owner": "Hana Kim", "modelType": "BinaryClassification", "riskTier": "Low"}""");
        Assert.Equal(0, (await RunAsync("register-model", "--file", model)).Code);

        var duplicate = await RunAsync("register-model", "--file", model);
        var invalid = await RunAsync("register-model", "--file", Write("bad.json", """{"name": "", "modelType": "BinaryClassification"}"""));
        var unknownModel = await RunAsync("champion", "--model", "No such model");
        var noChampion = await RunAsync("champion", "--model", "CLI duplicate");
        var unknownOption = await RunAsync("champion", "--model", "CLI duplicate", "--colour", "blue");
        var unknownCommand = await RunAsync("deploy");
        var missingFile = await RunAsync("register-model", "--file", Path.Combine(folder, "missing.yaml"));
        var badYaml = await RunAsync("register-model", "--file", Write("bad.yaml", "name: [unclosed"));
        var stillOpen = await RunAsync("wait", "--request", "999999", "--timeout", "1");

        Assert.Equal(ExitCode.Conflict, duplicate.Code);
        Assert.Contains("409: Duplicate model name", duplicate.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCode.Refused, invalid.Code);
        Assert.Contains("name: Name is required", invalid.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCode.NotFound, unknownModel.Code);
        Assert.Contains("There is no model named 'No such model'", unknownModel.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCode.NotFound, noChampion.Code);
        Assert.Contains("has no champion", noChampion.Error, StringComparison.Ordinal);
        Assert.Equal((ExitCode.Usage, ExitCode.Usage, ExitCode.Usage, ExitCode.Usage), (unknownOption.Code, unknownCommand.Code, missingFile.Code, badYaml.Code));
        Assert.Contains("does not take --colour", unknownOption.Error, StringComparison.Ordinal);
        Assert.Contains("is not valid YAML: line 2, column 1", badYaml.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCode.NotFound, stillOpen.Code);
    }

    [Fact]
    public async Task Evaluate_summary_runs_the_query_here_over_parquet_files_and_gets_the_row_uploads_figures()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "CLI summary scorecard", ["gender", "age_band", "race"]);
        var ties = Path.Combine(RepositoryFiles.TestData, "evaluation", "current_ties.csv");
        // The batch as two Parquet files in a folder, as a scoring job writes its partitions.
        var parts = Directory.CreateDirectory(Path.Combine(folder, "batch")).FullName;
        await using (var duck = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            await duck.OpenAsync(Ct);
            await using var command = duck.CreateCommand();
            command.CommandText = $"""
                COPY (SELECT * FROM read_csv('{ties}', header = true) WHERE record_id % 2 = 0) TO '{parts}/part-0.parquet' (FORMAT parquet);
                COPY (SELECT * FROM read_csv('{ties}', header = true) WHERE record_id % 2 = 1) TO '{parts}/part-1.parquet' (FORMAT parquet);
                """;
            await command.ExecuteNonQueryAsync(Ct);
        }

        var rows = await RunAsync("evaluate", "--model", modelId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--version", "1", "--challenger", "2", "--file", ties, "--json");
        var summary = await RunAsync("evaluate-summary", "--model", "CLI summary scorecard", "--version", "1", "--challenger", "2",
            "--source", Path.Combine(parts, "*.parquet"), "--precision", "4", "--memory-limit", "1GB", "--json");
        var readable = await RunAsync("evaluate-summary", "--model", "CLI summary scorecard", "--version", "1", "--challenger", "2", "--source", parts);
        var missing = await RunAsync("evaluate-summary", "--model", "CLI summary scorecard", "--version", "1", "--source", Path.Combine(folder, "none.parquet"));

        Assert.True(rows.Code == 0, rows.Error);
        Assert.True(summary.Code == 0, summary.Error);
        Assert.Equal(4, summary.Json.GetProperty("summaryPrecision").GetInt32());
        var differences = new List<string>();
        foreach (var part in new[] { "rowCount", "versions", "comparison", "fairness", "challengerFairness", "curves" })
        {
            FigureComparison.Compare(rows.Json.GetProperty(part), summary.Json.GetProperty(part), "$." + part, differences);
        }

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences.Take(20)));
        Assert.True(readable.Code == 0, readable.Error);
        Assert.Contains("(20000 rows, from a summary at 4 decimals): v1 AUC 0.", readable.Out, StringComparison.Ordinal);
        Assert.Contains("computed here in", readable.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCode.Usage, missing.Code);
        Assert.Contains("is not a file, a folder or a glob", missing.Error, StringComparison.Ordinal);
    }
}
