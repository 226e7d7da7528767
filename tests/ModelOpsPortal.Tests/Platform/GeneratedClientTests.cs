using System.Net;
using System.Text.Json.Nodes;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// The modelops tool calls the portal only through the client Kiota generates from the served OpenAPI document
/// (src/Cli/Client). Generated again here from today's document, it must come out the same, so a contract change the tool
/// would feel fails the build until the client is regenerated (tests/cli/generate-client.sh) and the tool still builds and
/// runs its flow (CliFlowTests, tests/cli/pipeline.sh).
/// </summary>
public sealed class GeneratedClientTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly string folder = Directory.CreateTempSubdirectory("modelops-kiota-").FullName;

    public void Dispose()
    {
        portal.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_tools_client_is_what_kiota_generates_from_the_served_document_today()
    {
        using var anonymous = portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json") { Headers = { Host = "modelops.corp.internal" } };
        var response = await anonymous.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = Path.Combine(folder, "openapi.json");
        await File.WriteAllTextAsync(document, await response.Content.ReadAsStringAsync(Ct), Ct);
        var committed = Path.Combine(RepositoryFiles.Root, "src", "Cli", "Client");
        var includes = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(committed, "kiota-lock.json"), Ct))!["includePatterns"]!.AsArray()
            .SelectMany(p => new[] { "--include-path", p!.GetValue<string>() });
        var generated = Path.Combine(folder, "Client");

        var (code, output) = await DotnetTools.RunAsync("kiota", ["generate", "-l", "CSharp", "-d", document, "-c", "PortalClient", "-n", "ModelOps.Cli.Client",
            "-o", generated, "--exclude-backward-compatible", .. includes], Ct);

        Assert.True(code == 0, output);
        static Dictionary<string, string> Files(string root) => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
        var (expected, actual) = (Files(generated), Files(committed));
        var stale = expected.Keys.Union(actual.Keys).Where(f => expected.GetValueOrDefault(f) != actual.GetValueOrDefault(f)).Order(StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, $"src/Cli/Client differs from what Kiota generates from the served document in {string.Join(", ", stale)}. " +
            "Regenerate it with tests/cli/generate-client.sh, then build the tool and run its tests.");
    }
}
