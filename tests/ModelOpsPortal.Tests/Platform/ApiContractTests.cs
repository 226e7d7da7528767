using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// The OpenAPI document is a contract client generators trust (issue #19): served to anyone, clean under Redocly's
/// recommended rules, and naming for every operation how to authenticate, every problem it can answer as
/// application/problem+json and the headers that carry meaning.
/// </summary>
public sealed class ApiContractTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Text, JsonObject Document)> DocumentAsync()
    {
        var text = await ServedDocument.FetchAsync(portal, Ct);
        return (text, JsonNode.Parse(text)!.AsObject());
    }

    private static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (o.Key.ToUpperInvariant(), p.Key, o.Value!.AsObject())));

    [Fact]
    public async Task A_path_parameter_has_one_name_wherever_paths_share_the_segments_before_it()
    {
        var (_, document) = await DocumentAsync();

        // Kiota builds one request builder per segment: /api/deployments/{id}/stats beside /api/deployments/{deploymentId}/remove
        // becomes an invented {deployment%2Did} in every generated client.
        var clashes = document["paths"]!.AsObject().Select(p => p.Key.Split('/'))
            .SelectMany(segments => segments.Select((segment, i) => (Before: string.Join('/', segments.Take(i)), Segment: segment)))
            .Where(s => s.Segment.StartsWith('{'))
            .GroupBy(s => s.Before, s => s.Segment)
            .Where(g => g.Distinct().Count() > 1)
            .Select(g => $"{g.Key}/{string.Join(" or ", g.Distinct())}")
            .ToList();
        Assert.Empty(clashes);
    }

    [Fact]
    public async Task The_served_document_passes_redoclys_recommended_rules_without_an_error_or_a_warning()
    {
        var (text, _) = await DocumentAsync();
        var folder = await NodePackages.EnsureAsync("openapi", Path.Combine("@redocly", "cli"));
        var file = Path.Combine(Path.GetTempPath(), $"modelops-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, text, Ct);
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(folder, "node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", file,
                "--config", Path.Combine(folder, "redocly.yaml"), "--format", "stylish"])
            { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var lint = Process.Start(start)!;
            var output = lint.StandardOutput.ReadToEndAsync(Ct);
            var errors = lint.StandardError.ReadToEndAsync(Ct);
            await lint.WaitForExitAsync(Ct);
            var report = await output + await errors;

            Assert.True(lint.ExitCode == 0, report);
            Assert.Contains("Your API description is valid", report, StringComparison.Ordinal);
            Assert.DoesNotContain("warning", report.Replace("Deprecation warning", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Every_operation_says_how_to_authenticate_and_answers_problems_as_problem_json()
    {
        var (_, document) = await DocumentAsync();
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("bearer", schemes["apiKey"]!["scheme"]!.GetValue<string>());
        Assert.Equal("https://login.invalid/realms/modelops/.well-known/openid-configuration", schemes["openIdConnect"]!["openIdConnectUrl"]!.GetValue<string>());
        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject();
        Assert.True(problem.ContainsKey("correlationId") && problem.ContainsKey("errors"));

        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 40, $"{operations.Count} operations");
        foreach (var (method, path, operation) in operations)
        {
            var where = $"{method} {path}";
            var security = operation["security"]!.AsArray().Select(r => r!.AsObject().Single().Key).ToList();
            Assert.True(security.SequenceEqual(["apiKey", "openIdConnect"]), where);
            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403") && responses.ContainsKey("429") && responses.ContainsKey("503"), where);
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                var content = response!["content"]!.AsObject();
                Assert.True(content.Count == 1 && content.ContainsKey("application/problem+json"), $"{where} {status}");
                Assert.Equal("#/components/schemas/ProblemDetails", content["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
            }

            Assert.True(responses.All(r => r.Value!["headers"]?["X-Correlation-Id"] is not null), where);
            if (method == "POST" && responses.ContainsKey("201"))
            {
                Assert.NotNull(responses["201"]!["headers"]!["Location"]);
                Assert.NotNull(responses["201"]!["headers"]!["Idempotent-Replayed"]);
                Assert.True(responses.ContainsKey("409") && responses.ContainsKey("422"), where);
            }
        }
    }

    [Fact]
    public async Task Headers_with_meaning_and_camel_case_query_names_are_documented()
    {
        var (_, document) = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => $"{o.Method} {o.Path}", o => o.Operation);

        var getModel = operations["GET /api/models/{modelId}"];
        Assert.NotNull(getModel["responses"]!["200"]!["headers"]!["ETag"]);
        var putModel = operations["PUT /api/models/{modelId}"];
        Assert.Contains(putModel["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "If-Match" && p["in"]!.GetValue<string>() == "header");
        Assert.NotNull(putModel["responses"]!["412"]);
        Assert.NotNull(operations["POST /api/requests/{id}/approve"]["responses"]!["403"]);
        Assert.NotNull(operations["POST /api/models/{modelId}/evaluations"]["responses"]!["413"]);
        Assert.NotNull(operations["GET /api/models"]["responses"]!["429"]!["headers"]!["Retry-After"]);

        foreach (var (name, operation) in operations)
        {
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                var parameterName = parameter!["name"]!.GetValue<string>();
                if (parameter["in"]!.GetValue<string>() == "query")
                {
                    Assert.True(char.IsLower(parameterName[0]), $"{name}: {parameterName}");
                }
            }
        }

        var listed = operations["GET /api/models"]["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("stage", listed);
        Assert.Contains("pageSize", listed);
        var tags = document["tags"]!.AsArray();
        Assert.All(tags, t => Assert.False(string.IsNullOrWhiteSpace(t!["description"]?.GetValue<string>())));
    }

    [Fact]
    public async Task Types_are_exactly_what_the_server_accepts()
    {
        var (text, document) = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();

        // Numbers are numbers: no "integer or string" with a digits pattern anywhere (there were 253).
        Assert.DoesNotContain("^-?(?:0|[1-9]", text, StringComparison.Ordinal);
        Assert.Equal("integer", schemas["ModelDetails"]!["properties"]!["id"]!["type"]!.GetValue<string>());
        // KPI sets are kebab-case in the query, in JSON answers and in the document, as the server reads them.
        Assert.Contains("open-alerts", schemas["KpiSet"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        var kpi = Operations(document).Single(o => o.Method == "GET" && o.Path == "/api/models").Operation["parameters"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == "kpi")!;
        Assert.Contains("revalidation-overdue", kpi["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        // A request's kind, role and fate are the words CreateRequest reads.
        var request = schemas["RequestInput"]!["properties"]!;
        Assert.Equal(["validation", "promotion", "champion-swap", "retirement"], request["kind"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["champion", "challenger"], request["role"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["challenger", "retired"], request["previousChampion"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        // Hyperparameters are free JSON; maps of enum values are typed; Parquet is bytes.
        Assert.NotNull(schemas["JsonObject"]!["additionalProperties"]);
        Assert.Contains("Fail", schemas["VersionEvaluationEvidence"]!["properties"]!["fairness"]!["additionalProperties"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        var upload = Operations(document).Single(o => o.Method == "POST" && o.Path == "/api/models/{modelId}/evaluations").Operation["requestBody"]!["content"]!.AsObject();
        Assert.Equal("binary", upload["application/vnd.apache.parquet"]!["schema"]!["format"]!.GetValue<string>());
        Assert.Equal("binary", upload["application/octet-stream"]!["schema"]!["format"]!.GetValue<string>());
        Assert.Equal("string", upload["text/csv"]!["schema"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_number_sent_as_text_is_refused_naming_the_field_and_nothing_is_stored()
    {
        using var scientist = portal.CreateClient("DataScientist");
        var model = await scientist.PostAsJsonAsync("/api/models", Inputs.Model("Strict numbers scorecard"), Inputs.Json, Ct);
        var id = JsonNode.Parse(await model.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<int>();
        var version = JsonSerializer.SerializeToNode(Inputs.Version(), Inputs.Json)!.AsObject();
        version["trainingDataset"]!["rows"] = "240000";

        var refused = await scientist.PostAsync($"/api/models/{id}/versions", new StringContent(version.ToJsonString(), Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct))!["errors"]!.AsObject();
        var message = Assert.Single(errors["trainingDataset.rows"]!.AsArray())!.GetValue<string>();
        Assert.Contains("numbers without quotes", message, StringComparison.Ordinal);
        Assert.Contains("line 1", message, StringComparison.Ordinal);
        var versions = JsonNode.Parse(await scientist.GetStringAsync($"/api/models/{id}", Ct))!["versions"]!.AsArray();
        Assert.Empty(versions);
    }

    [Fact]
    public async Task A_camel_case_query_name_as_documented_filters_like_the_old_one()
    {
        using var reader = portal.CreateClient("Auditor");
        var byDocumentedName = await reader.GetAsync("/api/models?stage=bogus", Ct);
        var byOldName = await reader.GetAsync("/api/models?Stage=bogus", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, byDocumentedName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, byOldName.StatusCode);
    }
}
