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

namespace ModelOpsPortal.Tests.Monitoring;

/// <summary>Rules, the alerts evaluations and deployment figures raise, and what Validators do with them, over HTTP.</summary>
[Trait("Category", "Database")]
public sealed class MonitoringApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly HttpClient pipeline;
    private readonly HttpClient validator;

    public MonitoringApiTests()
    {
        pipeline = portal.CreateClient(PortalRoles.DataScientist);
        validator = portal.CreateClient(PortalRoles.Validator);
    }

    public void Dispose()
    {
        pipeline.Dispose();
        validator.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TestFile(string relative) => File.ReadAllText(Path.Combine(RepositoryFiles.TestData, relative));

    private Task<int> ModelAsync(string name = "Monitored scorecard") => TestModels.RegisterAsync(portal.Services, name, ["gender"]);

    private async Task<JsonElement> EvaluateAsync(int modelId, string file, string period)
    {
        var response = await pipeline.PostAsync($"/api/models/{modelId}/evaluations?version=1&challenger=2&periodStart={period}-01",
            new StringContent(TestFile(file), Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    private async Task<JsonElement> JsonAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    [Fact]
    public async Task A_model_without_rules_is_watched_by_the_defaults()
    {
        var modelId = await ModelAsync();

        var rules = await JsonAsync(await pipeline.GetAsync($"/api/models/{modelId}/thresholds", Ct));

        Assert.True(rules.GetProperty("isDefault").GetBoolean());
        var auc = rules.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "auc");
        Assert.Equal("DropFromFirst", auc.GetProperty("direction").GetString());
        Assert.Equal(0.05, auc.GetProperty("warning").GetDouble());
        Assert.Equal(0.10, auc.GetProperty("alert").GetDouble());
        var psi = rules.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "psi");
        Assert.Equal((0.1, 0.25), (psi.GetProperty("warning").GetDouble(), psi.GetProperty("alert").GetDouble()));
    }

    [Fact]
    public async Task Drift_past_the_alert_level_raises_one_alert_and_flags_the_model_for_retraining()
    {
        var modelId = await ModelAsync();
        await pipeline.PostAsync($"/api/models/{modelId}/versions/1/baseline", new StringContent(TestFile("evaluation/reference.csv"), Encoding.UTF8, "text/csv"), Ct);

        var evaluation = await EvaluateAsync(modelId, "evaluation/current.csv", "2026-03");

        // tenure_months drifted (PSI 0.316); income (0.099), region (0.030) did not cross 0.1.
        var alert = Assert.Single(evaluation.GetProperty("alerts").EnumerateArray());
        Assert.Equal("Drift", alert.GetProperty("kind").GetString());
        Assert.Equal("tenure_months", alert.GetProperty("feature").GetString());
        Assert.Equal("Alert", alert.GetProperty("level").GetString());
        Assert.Equal(0.31621368427428376, alert.GetProperty("value").GetDouble(), 9);
        var listed = await JsonAsync(await pipeline.GetAsync($"/api/alerts?unresolved=true&modelId={modelId}", Ct));
        Assert.Equal(1, listed.GetProperty("totalCount").GetInt32());
        var inventory = await JsonAsync(await pipeline.GetAsync("/api/models?retrainingRecommended=true", Ct));
        Assert.Equal(modelId, Assert.Single(inventory.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_relative_rule_compares_with_the_versions_first_evaluation_and_a_repeat_updates_the_open_alert()
    {
        var modelId = await ModelAsync();
        var saved = await validator.PutAsJsonAsync($"/api/models/{modelId}/thresholds", new
        {
            rules = new[] { new { metric = "auc", direction = "DropFromFirst", warning = 0.03, alert = 0.10 } },
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var first = await EvaluateAsync(modelId, "evaluation/reference.csv", "2026-01");
        var second = await EvaluateAsync(modelId, "evaluation/current.csv", "2026-03");
        var third = await EvaluateAsync(modelId, "evaluation/current_ties.csv", "2026-04");

        Assert.Empty(first.GetProperty("alerts").EnumerateArray()); // the first evaluation is the reference
        var alert = Assert.Single(second.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("auc", "Warning"), (alert.GetProperty("metric").GetString(), alert.GetProperty("level").GetString()));
        Assert.Equal(0.6846193171332369, alert.GetProperty("reference").GetDouble(), 9);
        Assert.Empty(third.GetProperty("alerts").EnumerateArray()); // same level again: no new alert …
        var listed = await JsonAsync(await pipeline.GetAsync($"/api/alerts?modelId={modelId}", Ct));
        var only = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(2, only.GetProperty("occurrences").GetInt32()); // … the open one is updated
        Assert.Equal(third.GetProperty("id").GetInt32(), only.GetProperty("evaluationId").GetInt32());
    }

    [Fact]
    public async Task Validators_acknowledge_then_resolve_with_a_comment_and_the_flag_clears()
    {
        var modelId = await ModelAsync();
        await pipeline.PostAsync($"/api/models/{modelId}/versions/1/baseline", new StringContent(TestFile("evaluation/reference.csv"), Encoding.UTF8, "text/csv"), Ct);
        var id = (await EvaluateAsync(modelId, "evaluation/current.csv", "2026-03")).GetProperty("alerts")[0].GetProperty("id").GetInt32();

        var noComment = await validator.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { comment = "  " }, Ct);
        var acknowledged = await validator.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { comment = "Looking at the tenure feed." }, Ct);
        var again = await validator.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { comment = "Me too." }, Ct);
        var resolved = await validator.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { comment = "Feed fixed upstream; retraining scheduled." }, Ct);
        var missing = await validator.PostAsJsonAsync("/api/alerts/999999/resolve", new { comment = "x" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Contains("comment", (await JsonAsync(noComment)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal("validator-pipeline", (await JsonAsync(acknowledged)).GetProperty("acknowledgedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("Resolved", (await JsonAsync(resolved)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var inventory = await JsonAsync(await pipeline.GetAsync("/api/models?retrainingRecommended=true", Ct));
        Assert.Equal(0, inventory.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Rules_that_make_no_sense_are_refused_by_field()
    {
        var modelId = await ModelAsync();

        var response = await validator.PutAsJsonAsync($"/api/models/{modelId}/thresholds", new
        {
            rules = new object[]
            {
                new { metric = "rmse", direction = "Above", warning = 1.0, alert = 2.0 },          // a regression metric on a binary model
                new { metric = "auc", direction = "Below", warning = 0.6, alert = 0.7 },           // alert above warning for "below"
                new { metric = "psi", direction = "DropFromFirst", warning = 0.0, alert = 0.1 },   // a relative level of 0
            },
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["rules[0].metric", "rules[1].alert", "rules[2].alert"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True((await JsonAsync(await pipeline.GetAsync($"/api/models/{modelId}/thresholds", Ct))).GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task Deployment_figures_are_stored_and_a_high_error_rate_raises_a_stability_alert()
    {
        var deploymentId = await DeploymentAsync();

        var calm = await pipeline.PostAsJsonAsync($"/api/deployments/{deploymentId}/stats", new
        {
            periodStart = "2026-11-01T00:00:00Z", periodEnd = "2026-11-02T00:00:00Z", requests = 10000, errors = 12, p50LatencyMs = 35.0, p95LatencyMs = 120.0,
        }, Ct);
        var failing = await pipeline.PostAsJsonAsync($"/api/deployments/{deploymentId}/stats", new
        {
            periodStart = "2026-11-02T00:00:00Z", periodEnd = "2026-11-03T00:00:00Z", requests = 10000, errors = 800, p50LatencyMs = 40.0, p95LatencyMs = 900.0,
        }, Ct);
        var wrong = await pipeline.PostAsJsonAsync($"/api/deployments/{deploymentId}/stats", new
        {
            periodStart = "2026-11-03T00:00:00Z", periodEnd = "2026-11-04T00:00:00Z", requests = 10, errors = 11, p50LatencyMs = 40.0, p95LatencyMs = 30.0,
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, calm.StatusCode);
        Assert.Empty((await JsonAsync(calm)).GetProperty("alerts").EnumerateArray());
        var alert = Assert.Single((await JsonAsync(failing)).GetProperty("alerts").EnumerateArray());
        Assert.Equal(("Stability", "errorRate", "Alert"), (alert.GetProperty("kind").GetString(), alert.GetProperty("metric").GetString(), alert.GetProperty("level").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("errors", (await JsonAsync(wrong)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    private async Task<int> DeploymentAsync()
    {
        var modelId = await ModelAsync("Deployed scorecard");
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var version = await db.Versions.SingleAsync(v => v.ModelId == modelId && v.Number == 1, Ct);
        var deployment = new Deployment { VersionId = version.Id, Target = DeploymentTarget.RestEndpoint, Environment = "production", Endpoint = "https://score.example.com", DeployedAt = TestDatabase.Now.UtcDateTime, DeployedBy = "ops" };
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync(Ct);
        return deployment.Id;
    }
}
