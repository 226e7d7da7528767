using System.Diagnostics;
using System.Net;
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
        using var anonymous = portal.CreateClient();
        // As a deployment serves it (Redocly warns of a localhost server, which is all the test host is called).
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json") { Headers = { Host = "modelops.corp.internal" } };
        var response = await anonymous.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // it describes operations, not data: no key needed
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (text, JsonNode.Parse(text)!.AsObject());
    }

    private static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (o.Key.ToUpperInvariant(), p.Key, o.Value!.AsObject())));

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
    public async Task A_camel_case_query_name_as_documented_filters_like_the_old_one()
    {
        using var reader = portal.CreateClient("Auditor");
        var byDocumentedName = await reader.GetAsync("/api/models?stage=bogus", Ct);
        var byOldName = await reader.GetAsync("/api/models?Stage=bogus", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, byDocumentedName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, byOldName.StatusCode);
    }
}
