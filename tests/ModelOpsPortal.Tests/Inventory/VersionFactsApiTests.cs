using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Inventory;

/// <summary>What a pipeline adds to a registered version: training-time metrics (recorded once) and tags (editable, audited); never its identity.</summary>
[Trait("Category", "Database")]
public sealed class VersionFactsApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly HttpClient client;

    public VersionFactsApiTests() => client = portal.CreateClient(PortalRoles.DataScientist);

    public void Dispose()
    {
        client.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<PortalDbContext> DbAsync() => portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);

    private async Task<List<AuditEvent>> AuditAsync(string action)
    {
        await using var db = await DbAsync();
        return await db.AuditEvents.Where(a => a.Action == action).OrderBy(a => a.Sequence).ToListAsync(Ct);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string url, string json)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement);
    }

    [Fact]
    public async Task Training_metrics_are_recorded_once_shown_on_the_version_and_a_different_value_is_refused()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Measured scorecard", ["gender"]);
        var url = $"/api/models/{modelId}/versions/1/metrics";
        const string Metrics = """{"metrics": [{"name": "auc", "split": "validation", "value": 0.812}, {"name": "auc", "split": "out-of-time", "value": 0.79}, {"name": "ks", "split": "train", "value": 0.51}]}""";

        var (created, recorded) = await SendAsync(HttpMethod.Post, url, Metrics);
        var (again, _) = await SendAsync(HttpMethod.Post, url, Metrics);
        var (changed, conflict) = await SendAsync(HttpMethod.Post, url, """{"metrics": [{"name": "auc", "split": "validation", "value": 0.83}]}""");
        var version = await client.GetFromJsonAsync<JsonElement>($"/api/models/{modelId}/versions/1", Ct);

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(3, recorded.GetArrayLength());
        Assert.Equal(HttpStatusCode.Created, again);
        Assert.Equal(HttpStatusCode.Conflict, changed);
        Assert.Contains("\"auc\" on validation was recorded as 0.812", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stored = version.GetProperty("trainingMetrics").EnumerateArray()
            .Select(m => (m.GetProperty("name").GetString(), m.GetProperty("split").GetString(), m.GetProperty("value").GetDouble(), m.GetProperty("recordedBy").GetString())).ToList();
        Assert.Equal([("auc", "validation", 0.812, "datascientist-pipeline"), ("auc", "out-of-time", 0.79, "datascientist-pipeline"), ("ks", "train", 0.51, "datascientist-pipeline")], stored);
        var audit = Assert.Single(await AuditAsync("version.metrics-recorded"));
        Assert.Equal($"{modelId}/v1", audit.EntityId);
        Assert.Contains("\"out-of-time\"", audit.After, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"metrics": []}""", "metrics")]
    [InlineData("""{"metrics": [{"name": "", "split": "test", "value": 1}]}""", "metrics[0].name")]
    [InlineData("""{"metrics": [{"name": "auc", "value": 1}]}""", "metrics[0].split")]
    [InlineData("""{"metrics": [{"name": "auc", "split": "test"}]}""", "metrics[0].value")]
    [InlineData("""{"metrics": [{"name": "auc", "split": "test", "value": 1}, {"name": "auc", "split": "test", "value": 2}]}""", "metrics[1].name")]
    [InlineData("""{"metrics": [{"name": "auc", "split": "holdout", "value": 1}]}""", "metrics[0].split")]
    [InlineData("""{"metrics": [{"name": "auc", "split": "test", "value": "0.8"}]}""", "metrics[0].value")]
    public async Task A_metric_that_cannot_be_recorded_is_named_and_nothing_is_stored(string body, string field)
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Refused metrics scorecard", ["gender"]);

        var (status, problem) = await SendAsync(HttpMethod.Post, $"/api/models/{modelId}/versions/1/metrics", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        await using var db = await DbAsync();
        Assert.Equal(0, await db.TrainingMetrics.CountAsync(Ct));
    }

    [Fact]
    public async Task Tags_are_replaced_as_a_whole_audited_with_before_and_after_and_leave_the_versions_identity_as_registered()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Tagged scorecard", ["gender"]);
        var url = $"/api/models/{modelId}/versions/2/tags";
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/models/{modelId}/versions/2", Ct);

        var (first, _) = await SendAsync(HttpMethod.Put, url, """{"tags": {"ticket": "MRM-1042", "note": "shadow run"}}""");
        var (second, answer) = await SendAsync(HttpMethod.Put, url, """{"tags": {"ticket": "MRM-1077", "owner.team": "retail-risk"}}""");
        var (bad, problem) = await SendAsync(HttpMethod.Put, url, """{"tags": {"bad key": "x", "fine": "y"}}""");
        var (missing, _) = await SendAsync(HttpMethod.Put, $"/api/models/{modelId}/versions/9/tags", """{"tags": {}}""");
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/models/{modelId}/versions/2", Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first, second));
        Assert.Equal("""{"owner.team":"retail-risk","ticket":"MRM-1077"}""", answer.GetProperty("tags").GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.True(problem.GetProperty("errors").TryGetProperty("tags.bad key", out _));
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("""{"owner.team":"retail-risk","ticket":"MRM-1077"}""", after.GetProperty("tags").GetRawText());
        foreach (var identity in new[] { "artifactUri", "artifactSha256", "trainingDataset", "codeRepository", "codeCommit", "hyperparameters", "features", "algorithm" })
        {
            Assert.Equal(before.GetProperty(identity).GetRawText(), after.GetProperty(identity).GetRawText());
        }

        var audit = await AuditAsync("version.tags-changed");
        Assert.Equal(2, audit.Count);
        Assert.Equal("""{"tags":{"note":"shadow run","ticket":"MRM-1042"}}""", audit[1].Before);
        Assert.Equal("""{"tags":{"owner.team":"retail-risk","ticket":"MRM-1077"}}""", audit[1].After);
    }

    [Fact]
    public async Task The_database_context_refuses_to_change_a_registered_versions_identity_or_a_recorded_metric()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Fixed scorecard", ["gender"]);
        var (created, _) = await SendAsync(HttpMethod.Post, $"/api/models/{modelId}/versions/1/metrics", """{"metrics": [{"name": "auc", "split": "test", "value": 0.8}]}""");
        Assert.Equal(HttpStatusCode.Created, created);

        await using var db = await DbAsync();
        var version = await db.Versions.Include(v => v.TrainingMetrics).SingleAsync(v => v.ModelId == modelId && v.Number == 1, Ct);
        version.ArtifactSha256 = new string('b', 64);
        var identity = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        var dataset = await db.Versions.SingleAsync(v => v.ModelId == modelId && v.Number == 1, Ct);
        dataset.TrainingDataset.Name = "another dataset";
        var data = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        db.TrainingMetrics.Remove(await db.TrainingMetrics.SingleAsync(Ct));
        var metric = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        var staged = await db.Versions.SingleAsync(v => v.ModelId == modelId && v.Number == 1, Ct);
        staged.Stage = VersionStage.PendingValidation;
        await db.SaveChangesAsync(Ct);

        Assert.Contains("ArtifactSha256 is fixed", identity.Message, StringComparison.Ordinal);
        Assert.Contains("TrainingDataset is fixed", data.Message, StringComparison.Ordinal);
        Assert.Contains("TrainingMetric is fixed", metric.Message, StringComparison.Ordinal);
        Assert.Equal(new string('a', 64), (await db.Versions.AsNoTracking().SingleAsync(v => v.ModelId == modelId && v.Number == 1, Ct)).ArtifactSha256);
    }
}
