using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Inventory;

/// <summary>A pipeline addresses a model by its name and a version by alias (champion, latest, challengers), as MLflow's models:/name@champion.</summary>
[Trait("Category", "Database")]
public sealed class AddressingApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly HttpClient client;

    public AddressingApiTests() => client = portal.CreateClient(PortalRoles.DataScientist);

    public void Dispose()
    {
        client.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Sets the production roles directly: what the lifecycle would have done after approvals.</summary>
    private async Task SetRolesAsync(int modelId, int champion, params int[] challengers)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        foreach (var version in await db.Versions.Where(v => v.ModelId == modelId).ToListAsync(Ct))
        {
            (version.Stage, version.ProductionRole) = version.Number == champion ? (VersionStage.Production, ProductionRole.Champion)
                : challengers.Contains(version.Number) ? (VersionStage.Production, ProductionRole.Challenger) : (version.Stage, ProductionRole.None);
        }

        await db.SaveChangesAsync(Ct);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string url, HttpClient? caller = null)
    {
        var response = await (caller ?? client).GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    [Fact]
    public async Task A_model_is_found_by_name_and_its_versions_by_alias_in_every_version_path()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Addressed scorecard", ["gender"], versions: 4);
        await SetRolesAsync(modelId, champion: 2, 3, 4);

        var byName = await client.GetAsync("/api/models/by-name?name=ADDRESSED%20scorecard", Ct);
        var (_, byNameInPath) = await GetAsync("/api/models/by-name/Addressed%20scorecard");
        var (_, champion) = await GetAsync($"/api/models/{modelId}/versions/champion");
        var (_, latest) = await GetAsync($"/api/models/{modelId}/versions/latest");
        var (_, challengers) = await GetAsync($"/api/models/{modelId}/versions/challengers");
        var (_, championByName) = await GetAsync("/api/models/by-name/Addressed%20scorecard/versions/champion");
        var (lineageStatus, lineage) = await GetAsync("/api/models/by-name/Addressed%20scorecard/versions/latest/lineage");
        var csv = File.ReadAllText(Path.Combine(RepositoryFiles.TestData, "evaluation", "reference.csv"));
        var baseline = await client.PostAsync("/api/models/by-name/Addressed%20scorecard/versions/champion/baseline", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        Assert.Equal(modelId, JsonDocument.Parse(await byName.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt32());
        Assert.NotNull(byName.Headers.ETag);
        Assert.Equal(modelId, byNameInPath.GetProperty("id").GetInt32());
        Assert.Equal(2, champion.GetProperty("number").GetInt32());
        Assert.Equal("Champion", champion.GetProperty("productionRole").GetString());
        Assert.StartsWith("s3://", champion.GetProperty("artifactUri").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", champion.GetProperty("artifactSha256").GetString());
        Assert.Equal(4, latest.GetProperty("number").GetInt32());
        Assert.Equal([3, 4], challengers.EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal(champion.GetRawText(), championByName.GetRawText());
        Assert.Equal(HttpStatusCode.OK, lineageStatus);
        Assert.Contains("4", lineage.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, baseline.StatusCode);
        Assert.Equal($"/api/models/{modelId}/versions/2/baseline", baseline.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_alias_or_name_that_stands_for_nothing_is_a_404_that_says_so_and_anonymous_callers_cannot_probe_names()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Championless scorecard", ["gender"]);
        using var anonymous = portal.CreateClient();

        var (noChampion, problem) = await GetAsync($"/api/models/{modelId}/versions/champion");
        var deeper = await client.PostAsync($"/api/models/{modelId}/versions/champion/baseline", new StringContent("score\n0.5\n", Encoding.UTF8, "text/csv"), Ct);
        var (noChallengers, challengers) = await GetAsync($"/api/models/{modelId}/versions/challengers");
        var (unknownName, unknown) = await GetAsync("/api/models/by-name?name=No%20such%20model");
        var (unknownInPath, _) = await GetAsync("/api/models/by-name/No%20such%20model/versions/latest");
        var (unknownModel, _) = await GetAsync("/api/models/999999/versions/latest");
        var (anonymousExisting, _) = await GetAsync("/api/models/by-name/Championless%20scorecard/versions/latest", anonymous);
        var (anonymousMissing, _) = await GetAsync("/api/models/by-name/No%20such%20model/versions/latest", anonymous);
        var (anonymousDirect, _) = await GetAsync("/api/models/by-name?name=Championless%20scorecard", anonymous);

        Assert.Equal(HttpStatusCode.NotFound, noChampion);
        Assert.Contains($"Model {modelId} has no champion", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, deeper.StatusCode);
        Assert.Equal("application/problem+json", deeper.Content.Headers.ContentType?.MediaType);
        Assert.Contains("has no champion", await deeper.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, 0), (noChallengers, challengers.GetArrayLength()));
        Assert.Equal(HttpStatusCode.NotFound, unknownName);
        Assert.Contains("There is no model named 'No such model'", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownInPath);
        Assert.Equal(HttpStatusCode.NotFound, unknownModel);
        Assert.Equal(anonymousMissing, anonymousExisting);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousDirect);
    }
}
