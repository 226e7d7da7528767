using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using ModelOps.Cli;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Web;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// Clients are generated from the served OpenAPI document, not written by hand (issue #19). The modelops tool calls the
/// portal only through the client Kiota generates (src/Cli/Client): generated again here from today's document it must
/// come out the same, so a contract change the tool would feel fails the build until the client is regenerated
/// (tests/cli/generate-client.sh) and the tool still builds and runs its flow (CliFlowTests, tests/cli/pipeline.sh).
/// And the whole document, every operation, generates a client that compiles, with a method for each operation, whose
/// documented headers go out and come back through Kiota's request configuration and options, not hand-written HTTP.
/// </summary>
public sealed partial class GeneratedClientTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly string folder = Directory.CreateTempSubdirectory("modelops-kiota-").FullName;

    public void Dispose()
    {
        portal.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> SaveDocumentAsync()
    {
        var document = Path.Combine(folder, "openapi.json");
        await File.WriteAllTextAsync(document, await ServedDocument.FetchAsync(portal, Ct), Ct);
        return document;
    }

    private static async Task GenerateAsync(string document, string output, string clientNamespace, IEnumerable<string> options)
    {
        var (code, log) = await DotnetTools.RunAsync("kiota", ["generate", "-l", "CSharp", "-d", document, "-c", "PortalClient", "-n", clientNamespace,
            "-o", output, "--exclude-backward-compatible", .. options], Ct);
        Assert.True(code == 0, log);
        Assert.DoesNotContain("fail:", log, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Sources(string root) => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);

    [Fact]
    public async Task The_tools_client_is_what_kiota_generates_from_the_served_document_today()
    {
        var document = await SaveDocumentAsync();
        var committed = Path.Combine(RepositoryFiles.Root, "src", "Cli", "Client");
        var includes = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(committed, "kiota-lock.json"), Ct))!["includePatterns"]!.AsArray()
            .SelectMany(p => new[] { "--include-path", p!.GetValue<string>() });
        var generated = Path.Combine(folder, "Client");

        await GenerateAsync(document, generated, "ModelOps.Cli.Client", includes);

        var (expected, actual) = (Sources(generated), Sources(committed));
        var stale = expected.Keys.Union(actual.Keys).Where(f => expected.GetValueOrDefault(f) != actual.GetValueOrDefault(f)).Order(StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, $"src/Cli/Client differs from what Kiota generates from the served document in {string.Join(", ", stale)}. " +
            "Regenerate it with tests/cli/generate-client.sh, then build the tool and run its tests.");
    }

    [Fact]
    public async Task Every_documented_operation_gets_a_generated_method_and_the_whole_client_compiles()
    {
        var document = await SaveDocumentAsync();
        var generated = Path.Combine(folder, "Whole");

        await GenerateAsync(document, generated, "Whole.Client", []);

        var sources = Sources(generated);
        var documented = JsonNode.Parse(await File.ReadAllTextAsync(document, Ct))!["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key.ToUpperInvariant()} {Parameter().Replace(p.Key, "{}")}"))
            .ToHashSet(StringComparer.Ordinal);
        var offered = sources.Values.Select(source => (Template: Template().Match(source), Source: source)).Where(f => f.Template.Success)
            .SelectMany(f => Method().Matches(f.Source).Select(m =>
                $"{m.Groups["verb"].Value.ToUpperInvariant()} {Parameter().Replace(f.Template.Groups["path"].Value, "{}")}"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(documented);
        Assert.Equal(documented.Order(StringComparer.Ordinal), offered.Order(StringComparer.Ordinal));

        // The generated code switches on the target framework; compile it as a net10.0 project would, against the Kiota
        // libraries the tool uses (they are in this test's dependencies through src/Cli).
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: ["NET", "NET10_0", "NET10_0_OR_GREATER", "NETCOREAPP", "NETCOREAPP3_1_OR_GREATER"]);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Value, options, s.Key, cancellationToken: Ct));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(f => MetadataReference.CreateFromFile(f));
        var compilation = CSharpCompilation.Create("Whole.Client", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        var result = compilation.Emit(assembly, cancellationToken: Ct);

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(result.Success, $"{errors.Count} compile errors in the client generated from the whole document:\n{string.Join('\n', errors.Take(20))}");
    }

    [Fact]
    public async Task Headers_go_out_and_come_back_through_the_generated_client_and_kiotas_own_options()
    {
        // Kiota's middleware in front of the test server, as KiotaClientFactory.Create() puts it in front of the network.
        using var http = new HttpClient(KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(portal.Server.CreateHandler(), new HeadersInspectionHandler())!);
        var client = CliApp.CreateClient(portal.Server.BaseAddress, PortalFactory.KeyFor(PortalRoles.DataScientist), http);
        var input = await KiotaJsonSerializer.DeserializeAsync(JsonSerializer.Serialize(Inputs.Model("Headers only"), Inputs.Json),
            ModelOps.Cli.Client.Models.ModelInput.CreateFromDiscriminatorValue, Ct);

        async Task<(int? Id, RequestHeaders Headers)> RegisterAsync()
        {
            var inspection = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
            var model = await client.Api.Models.PostAsync(input!, r =>
            {
                r.Headers.Add(Idempotency.Header, "headers-through-kiota");
                r.Options.Add(inspection);
            }, Ct);
            return (model?.Id, inspection.ResponseHeaders);
        }

        var (first, firstHeaders) = await RegisterAsync();
        var (again, againHeaders) = await RegisterAsync();

        Assert.NotNull(first);
        Assert.Equal(first, again); // the documented request header reached the portal: the resend was replayed
        Assert.Equal($"/api/models/{first}", Assert.Single(firstHeaders["Location"]));
        Assert.False(firstHeaders.ContainsKey(Idempotency.ReplayedHeader));
        Assert.Equal("true", Assert.Single(againHeaders[Idempotency.ReplayedHeader]));
        Assert.NotEmpty(Assert.Single(againHeaders["X-Correlation-Id"]));
    }

    /// <summary>A request builder's URL template: <c>base(requestAdapter, "{+baseurl}/api/models/{modelId}{?page*}"</c>, and its path
    /// without the query (<c>/api/models/by-name?name={name}</c> when the query is required).</summary>
    [GeneratedRegex("""base\(requestAdapter, "\{\+baseurl\}(?<path>[^"{?]*(?:\{[^?+}][^}]*\}[^"{?]*)*)""")]
    private static partial Regex Template();

    [GeneratedRegex(@"public async Task.*? (?<verb>Get|Post|Put|Patch|Delete)Async\(")]
    private static partial Regex Method();

    /// <summary>A path parameter, named as the document names it or as Kiota renames it (<c>{modelId}</c>, <c>{deployment%2Did}</c>).</summary>
    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
