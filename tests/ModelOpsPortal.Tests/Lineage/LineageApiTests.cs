using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Lineage;

/// <summary>A version's lineage and the datasets view over HTTP on the SQLite file, built by the real inventory, upload and approval paths.</summary>
[Trait("Category", "Database")]
public sealed class LineageApiTests : IDisposable
{
    private const string Dataset = "lake/retail apps 100%";
    private readonly PortalFactory portal = new();
    private readonly HttpClient scientist;
    private readonly HttpClient validator;

    public LineageApiTests()
    {
        scientist = portal.CreateClient(PortalRoles.DataScientist);
        validator = portal.CreateClient(PortalRoles.Validator);
    }

    public void Dispose()
    {
        scientist.Dispose();
        validator.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private async Task<int> ModelAsync(string name, params (string Dataset, DateOnly Snapshot)[] versions)
    {
        var inventory = new TestInventory(portal.Services);
        var input = Inputs.Model(name);
        input.RiskTier = RiskTier.Low; // one approval
        var model = await inventory.RegisterModelAsync(input, "hana", Ct);
        for (var i = 0; i < versions.Length; i++)
        {
            var version = Inputs.Version(parent: i == 0 ? null : i);
            version.TrainingDataset = new DatasetInput
            {
                Name = versions[i].Dataset, Uri = "s3://lake/retail.parquet", Sha256 = new string((char)('a' + i), 64), Rows = 1000, SnapshotDate = versions[i].Snapshot,
            };
            await inventory.RegisterVersionAsync(model.Id, version, "hana", Ct);
        }

        return model.Id;
    }

    private async Task<int> UploadAsync(int modelId, int version, string period)
    {
        var response = await scientist.PostAsync($"/api/models/{modelId}/evaluations?version={version}&periodStart={period}",
            new StringContent(TestModels.SmallBatchCsv(), Encoding.UTF8, "text/csv"), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await BodyAsync(response)).GetProperty("id").GetInt32();
    }

    private async Task<int> ApprovedRequestAsync(int modelId, int version, object body)
    {
        var created = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/{version}/requests", body, Inputs.Json, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var id = (await BodyAsync(created)).GetProperty("id").GetInt32();
        var approved = await validator.PostAsJsonAsync($"/api/requests/{id}/approve", new { comment = "Evidence checked." }, Ct);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync(Ct));
        return id;
    }

    private static JsonElement Node(JsonElement lineage, string id) =>
        lineage.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == id);

    private static List<(string From, string To)> Edges(JsonElement lineage) =>
        [.. lineage.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()!))];

    [Fact]
    public async Task A_versions_lineage_runs_from_its_data_and_code_through_evidence_and_approvals_to_deployment_and_retirement()
    {
        var modelId = await ModelAsync("Lineage scorecard", (Dataset, new DateOnly(2026, 3, 31)), (Dataset, new DateOnly(2026, 6, 30)));
        var april = await UploadAsync(modelId, 1, "2026-04-01");
        var may = await UploadAsync(modelId, 1, "2026-05-01");
        var validation = await ApprovedRequestAsync(modelId, 1, new { kind = "validation", justification = "Development complete." });
        var promotion = await ApprovedRequestAsync(modelId, 1, new { kind = "promotion", role = "champion", justification = "Validated." });
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct))
        {
            var v1 = await db.Versions.SingleAsync(v => v.ModelId == modelId && v.Number == 1, Ct);
            db.Deployments.Add(new Deployment { VersionId = v1.Id, Target = DeploymentTarget.RestEndpoint, Environment = "production", Endpoint = "https://score.example.com/pd", DeployedAt = DateTime.UtcNow, DeployedBy = "ops" });
            await db.SaveChangesAsync(Ct);
        }

        await ApprovedRequestAsync(modelId, 2, new { kind = "validation", justification = "Retrained." });
        await ApprovedRequestAsync(modelId, 2, new { kind = "promotion", role = "challenger", justification = "Run beside v1." });
        var swap = await ApprovedRequestAsync(modelId, 2, new { kind = "champion-swap", previousChampion = "retired", justification = "Better." });

        var lineage = await BodyAsync(await validator.GetAsync($"/api/models/{modelId}/versions/1/lineage", Ct));

        var dataset = Node(lineage, "dataset");
        Assert.Equal(Dataset, dataset.GetProperty("title").GetString());
        Assert.Equal("/datasets/lake/retail%20apps%20100%25", dataset.GetProperty("href").GetString());
        Assert.Equal(new string('a', 12), dataset.GetProperty("detail").GetString());
        Assert.Equal("https://git.example.com/analytics/retail-pd", Node(lineage, "code").GetProperty("href").GetString());
        Assert.Equal("Retired", Node(lineage, "version-1").GetProperty("stage").GetString());
        Assert.Equal($"/models/{modelId}/evaluations/{april}", Node(lineage, $"evaluation-{april}").GetProperty("href").GetString());
        Assert.Equal("2026-05-01/2026-05-01", Node(lineage, $"evaluation-{may}").GetProperty("detail").GetString());
        var approvedValidation = Node(lineage, $"request-{validation}");
        Assert.Equal("Validation", approvedValidation.GetProperty("requestKind").GetString());
        Assert.Equal("Approved", approvedValidation.GetProperty("requestStatus").GetString());
        Assert.Equal(["validator-pipeline"], approvedValidation.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
        var deployment = lineage.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("step").GetString() == "Deployment");
        Assert.True(deployment.GetProperty("live").GetBoolean());
        Assert.Equal($"/requests/{swap}", Node(lineage, "retirement").GetProperty("href").GetString());

        var edges = Edges(lineage);
        Assert.Contains(("dataset", "version-1"), edges);
        Assert.Contains(("code", "version-1"), edges);
        Assert.Contains(("version-1", $"evaluation-{april}"), edges);
        // The requests rest on the latest evaluation when they were made; the deployment went out under the promotion.
        Assert.Contains(($"evaluation-{may}", $"request-{validation}"), edges);
        Assert.Contains(($"evaluation-{may}", $"request-{promotion}"), edges);
        Assert.Contains(($"request-{promotion}", deployment.GetProperty("id").GetString()!), edges);
        Assert.Contains(("version-1", "retirement"), edges); // retired by v2's swap, a request of another version

        var child = await BodyAsync(await validator.GetAsync($"/api/models/{modelId}/versions/2/lineage", Ct));
        Assert.Contains(("version-1", "version-2"), Edges(child));
        Assert.Equal($"/models/{modelId}/versions/1", Node(child, "version-1").GetProperty("href").GetString());
        Assert.Equal("ParentVersion", Node(child, "version-1").GetProperty("step").GetString());
        Assert.Contains(("version-2", $"request-{swap}"), Edges(child)); // no evaluation of v2: the request rests on the version
        Assert.Equal("Champion", Node(child, "version-2").GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await validator.GetAsync($"/api/models/{modelId}/versions/9/lineage", Ct)).StatusCode);
    }

    [Fact]
    public async Task Datasets_are_counted_in_the_database_and_a_dataset_lists_every_version_trained_on_it()
    {
        var a = await ModelAsync("Dataset model A", (Dataset, new DateOnly(2026, 1, 31)), (Dataset, new DateOnly(2026, 4, 30)));
        var b = await ModelAsync("Dataset model B", (Dataset, new DateOnly(2026, 2, 28)), ("other_100%", new DateOnly(2026, 5, 31)));
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct))
        {
            await db.Versions.Where(v => v.ModelId == b && v.Number == 1).ExecuteUpdateAsync(s => s.SetProperty(v => v.Stage, VersionStage.Production), Ct);
        }

        var found = await BodyAsync(await scientist.GetAsync("/api/datasets?search=retail%20apps", Ct));
        var literal = await BodyAsync(await scientist.GetAsync("/api/datasets?search=" + Uri.EscapeDataString("0%"), Ct));
        var usage = await BodyAsync(await scientist.GetAsync("/api/datasets/lake/retail%20apps%20100%25", Ct));
        var missing = await scientist.GetAsync("/api/datasets/no-such-dataset", Ct);

        Assert.Equal(1, found.GetProperty("total").GetInt32());
        var summary = found.GetProperty("items")[0];
        Assert.Equal(Dataset, summary.GetProperty("name").GetString());
        Assert.Equal(3, summary.GetProperty("versions").GetInt32());
        Assert.Equal(2, summary.GetProperty("models").GetInt32());
        Assert.Equal(1, summary.GetProperty("inProduction").GetInt32());
        Assert.Equal("2026-04-30", summary.GetProperty("latestSnapshot").GetString());
        // "%" is a character to find, not a wildcard: both names contain "0%".
        Assert.Equal([Dataset, "other_100%"], literal.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(Dataset, usage.GetProperty("name").GetString());
        Assert.Equal([(a, 2), (b, 1), (a, 1)], usage.GetProperty("versions").EnumerateArray()
            .Select(v => (v.GetProperty("modelId").GetInt32(), v.GetProperty("version").GetInt32())));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
