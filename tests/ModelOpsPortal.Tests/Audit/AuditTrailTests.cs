using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Audit;

/// <summary>
/// The audit hash chain on the SQLite file: requests, decisions, overrides and stage changes each write events with the
/// actor and roles; an intact chain verifies; a changed field, a deleted event or two swapped events, done directly in
/// the file with SQL, are found at the right sequence number.
/// </summary>
[Trait("Category", "Database")]
public sealed class AuditTrailTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly HttpClient scientist;
    private readonly HttpClient validator;
    private readonly HttpClient auditor;

    public AuditTrailTests()
    {
        scientist = portal.CreateClient(PortalRoles.DataScientist);
        validator = portal.CreateClient(PortalRoles.Validator);
        auditor = portal.CreateClient(PortalRoles.Auditor);
    }

    public void Dispose()
    {
        scientist.Dispose();
        validator.Dispose();
        auditor.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A model and version registered (two events), then validation of v1 requested and approved: four more (request
    /// created, stage to pending, approved, stage to approved). Six in all.
    /// </summary>
    private async Task<int> HistoryAsync()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Audited scorecard", ["gender"], versions: 1, tier: RiskTier.Low);
        var created = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/requests", new { kind = "validation", justification = "Ready." }, Ct);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt32();
        var approved = await validator.PostAsJsonAsync($"/api/requests/{id}/approve", new { comment = "Validation pack reviewed." }, Ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return modelId;
    }

    private async Task<JsonElement> VerifyAsync() =>
        JsonDocument.Parse(await auditor.GetStringAsync("/api/audit/verify", Ct)).RootElement;

    private Task ExecuteAsync(string sql) => portal.Database.ExecuteAsync(sql);

    [Fact]
    public async Task Each_lifecycle_action_writes_one_event_with_the_actor_and_roles_and_the_chain_verifies()
    {
        var modelId = await HistoryAsync();

        var page = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit?pageSize=50", Ct)).RootElement;
        // The registration (model and version) comes first; the lifecycle's four follow.
        var all = page.GetProperty("items").EnumerateArray().Reverse().ToList();
        Assert.Equal(["model.created", "version.created"], all.Take(2).Select(e => e.GetProperty("action").GetString()));
        var events = all.Skip(2).ToList();
        var verified = await VerifyAsync();

        Assert.Equal(["request.created", "version.stage-changed", "request.approved", "version.stage-changed"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["datascientist-pipeline", "datascientist-pipeline", "validator-pipeline", "validator-pipeline"], events.Select(e => e.GetProperty("actor").GetString()));
        Assert.Equal(["Validator"], events[2].GetProperty("actorRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal($"{modelId}/v1", events[3].GetProperty("entityId").GetString());
        Assert.Contains("\"stage\":\"PendingValidation\"", events[3].GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"stage\":\"Approved\"", events[3].GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.True(verified.GetProperty("intact").GetBoolean());
        Assert.Equal(6, verified.GetProperty("count").GetInt64());
        Assert.Equal(events[3].GetProperty("hash").GetString(), verified.GetProperty("lastHash").GetString());
        var filtered = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit?action=request.approved&actor=validator-pipeline", Ct)).RootElement;
        Assert.Equal(1, filtered.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.GetAsync("/api/audit/verify", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("UPDATE \"AuditEvents\" SET \"Actor\" = 'someone-else' WHERE \"Sequence\" = 3", 3, "content")]
    [InlineData("DELETE FROM \"AuditEvents\" WHERE \"Sequence\" = 2", 2, "missing")]
    [InlineData("DELETE FROM \"AuditEvents\" WHERE \"Sequence\" = 4", 4, "missing")]
    [InlineData("DELETE FROM \"AuditEvents\" WHERE \"Sequence\" = 6", 6, "missing")]
    [InlineData("UPDATE \"AuditEvents\" SET \"Sequence\" = -2 WHERE \"Sequence\" = 2; UPDATE \"AuditEvents\" SET \"Sequence\" = 2 WHERE \"Sequence\" = 3; UPDATE \"AuditEvents\" SET \"Sequence\" = 3 WHERE \"Sequence\" = -2", 2, "link")]
    public async Task Tampering_in_the_database_file_is_found_at_the_right_sequence_number(string sql, long brokenAt, string problem)
    {
        await HistoryAsync();
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());

        await ExecuteAsync(sql);
        var verified = await VerifyAsync();

        Assert.False(verified.GetProperty("intact").GetBoolean());
        Assert.Equal(brokenAt, verified.GetProperty("brokenAt").GetInt64());
        Assert.Equal(problem, verified.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task An_event_cannot_be_changed_or_deleted_through_the_portal()
    {
        await HistoryAsync();
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var first = await db.AuditEvents.FirstAsync(Ct);

        first.Actor = "someone-else";
        var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        db.AuditEvents.Remove(await db.AuditEvents.FirstAsync(Ct));
        var deleted = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));

        Assert.Contains("append-only", changed.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", deleted.Message, StringComparison.Ordinal);
    }

    private static StringContent Csv(string file) =>
        new(File.ReadAllText(Path.Combine(RepositoryFiles.TestData, file)), System.Text.Encoding.UTF8, "text/csv");

    /// <summary>The events written since <paramref name="after"/>, oldest first.</summary>
    private async Task<List<JsonElement>> EventsAfterAsync(long after)
    {
        var page = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit?pageSize=500", Ct)).RootElement;
        return [.. page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("sequence").GetInt64() > after).Reverse()];
    }

    private async Task<long> LastSequenceAsync() => (await VerifyAsync()).GetProperty("count").GetInt64();

    /// <summary>Runs one action and checks it wrote exactly one event with that action, actor and entity.</summary>
    private async Task<JsonElement> OneEventAsync(Func<Task<HttpResponseMessage>> act, string action, string actor, string entityType)
    {
        var before = await LastSequenceAsync();
        var response = await act();
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        var events = await EventsAfterAsync(before);
        var only = Assert.Single(events);
        Assert.Equal(action, only.GetProperty("action").GetString());
        Assert.Equal(actor, only.GetProperty("actor").GetString());
        Assert.Equal(entityType, only.GetProperty("entityType").GetString());
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());
        return only;
    }

    [Fact]
    public async Task Inventory_uploads_thresholds_and_alerts_each_write_one_event_with_the_right_actor()
    {
        var input = Inputs.Model("Audited inventory model");
        var created = await OneEventAsync(() => scientist.PostAsJsonAsync("/api/models", input, Inputs.Json, Ct), "model.created", "datascientist-pipeline", "Model");
        var modelId = int.Parse(created.GetProperty("entityId").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["DataScientist"], created.GetProperty("actorRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("Audited inventory model", created.GetProperty("after").GetString(), StringComparison.Ordinal);

        input.Purpose = "Ranks applicants by default risk, now with bureau data.";
        var updated = await OneEventAsync(() => scientist.PutAsJsonAsync($"/api/models/{modelId}", input, Inputs.Json, Ct), "model.updated", "datascientist-pipeline", "Model");
        Assert.Contains("Ranks retail loan applicants", updated.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("now with bureau data", updated.GetProperty("after").GetString(), StringComparison.Ordinal);

        var version = Inputs.Version();
        version.Features =
        [
            new ModelOpsPortal.Features.Inventory.FeatureInput { Name = "income", Type = FeatureType.Numeric },
            new ModelOpsPortal.Features.Inventory.FeatureInput { Name = "utilization", Type = FeatureType.Numeric },
            new ModelOpsPortal.Features.Inventory.FeatureInput { Name = "tenure_months", Type = FeatureType.Numeric },
            new ModelOpsPortal.Features.Inventory.FeatureInput { Name = "region", Type = FeatureType.Categorical },
        ];
        await OneEventAsync(() => scientist.PostAsJsonAsync($"/api/models/{modelId}/versions", version, Inputs.Json, Ct), "version.created", "datascientist-pipeline", "Version");
        Assert.True((await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions", version, Inputs.Json, Ct)).IsSuccessStatusCode); // the challenger of the batches
        await OneEventAsync(() => validator.PutAsJsonAsync($"/api/models/{modelId}/sensitive-attributes", new { attributes = new[] { "gender" } }, Ct),
            "model.sensitive-attributes-changed", "validator-pipeline", "Model");
        await OneEventAsync(() => scientist.PostAsync($"/api/models/{modelId}/versions/1/baseline", Csv("evaluation/reference.csv"), Ct),
            "baseline.uploaded", "datascientist-pipeline", "Version");
        await OneEventAsync(() => validator.PutAsJsonAsync($"/api/models/{modelId}/thresholds",
            new { rules = new[] { new { metric = "psi", direction = "Above", warning = 0.05, alert = 0.1 } } }, Ct), "thresholds.changed", "validator-pipeline", "Model");
        var evaluation = await OneEventAsync(() => scientist.PostAsync($"/api/models/{modelId}/evaluations?version=1&challenger=2&periodStart=2026-03-01", Csv("evaluation/current.csv"), Ct),
            "evaluation.uploaded", "datascientist-pipeline", "Evaluation");
        var alertId = JsonDocument.Parse(evaluation.GetProperty("after").GetString()!).RootElement.GetProperty("alertsRaised")[0].GetInt32();
        await OneEventAsync(() => validator.PostAsJsonAsync($"/api/alerts/{alertId}/acknowledge", new { comment = "Looking at it." }, Ct),
            "alert.acknowledged", "validator-pipeline", "Alert");
        await OneEventAsync(() => validator.PostAsJsonAsync($"/api/alerts/{alertId}/resolve", new { comment = "Feed fixed." }, Ct),
            "alert.resolved", "validator-pipeline", "Alert");
    }

    [Fact]
    public async Task Recording_and_taking_down_a_deployment_each_write_one_event_and_only_production_versions_deploy()
    {
        var modelId = await HistoryAsync(); // v1 approved, not yet in production
        var deployment = new { target = "RestEndpoint", environment = "production", endpoint = "https://score.example.com/pd" };
        var early = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/deployments", deployment, Inputs.Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("not in production", await early.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var promotion = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/requests", new { kind = "promotion", role = "champion", justification = "Validated." }, Ct);
        var promotionId = JsonDocument.Parse(await promotion.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await validator.PostAsJsonAsync($"/api/requests/{promotionId}/approve", new { comment = "Go." }, Ct)).StatusCode);

        var invalid = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/deployments", new { environment = "", endpoint = "x" }, Ct);
        var created = await OneEventAsync(() => scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/deployments", deployment, Inputs.Json, Ct),
            "deployment.created", "datascientist-pipeline", "Deployment");
        var id = created.GetProperty("entityId").GetString();
        var removed = await OneEventAsync(() => scientist.PostAsync($"/api/deployments/{id}/remove", null, Ct), "deployment.removed", "datascientist-pipeline", "Deployment");
        var again = await scientist.PostAsync($"/api/deployments/{id}/remove", null, Ct);

        var errors = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True(errors.TryGetProperty("target", out _));
        Assert.True(errors.TryGetProperty("environment", out _));
        Assert.Contains("https://score.example.com/pd", created.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"removedAt\":null", removed.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"removedBy\":\"datascientist-pipeline\"", removed.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already removed by datascientist-pipeline", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var version = JsonDocument.Parse(await scientist.GetStringAsync($"/api/models/{modelId}/versions/1", Ct)).RootElement;
        Assert.False(version.GetProperty("deployments")[0].GetProperty("removedAt").ValueKind == JsonValueKind.Null);
        Assert.Equal(HttpStatusCode.NotFound, (await scientist.PostAsync("/api/deployments/9999/remove", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync($"/api/models/{modelId}/versions/1/deployments", deployment, Inputs.Json, Ct)).StatusCode);
    }

    [Fact]
    public async Task Api_key_creation_and_revocation_each_write_one_event_without_the_key()
    {
        var keys = portal.Services.GetRequiredService<ModelOpsPortal.Features.Access.ApiKeys.ApiKeyService>();
        var admin = new ModelOpsPortal.Infrastructure.Audit.Actor("Noah Fischer", [PortalRoles.Admin, PortalRoles.DataScientist]);

        var created = await keys.CreateAsync("nightly-scoring", [PortalRoles.DataScientist], TestDatabase.Now.UtcDateTime.AddDays(30), admin, Ct);
        await keys.RevokeAsync(created.Info.Id, admin, Ct);

        var events = await EventsAfterAsync(0);
        Assert.Equal(["api-key.created", "api-key.revoked"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.All(events, e => Assert.Equal("Noah Fischer", e.GetProperty("actor").GetString()));
        Assert.All(events, e => Assert.Equal(["Admin", "DataScientist"], e.GetProperty("actorRoles").EnumerateArray().Select(r => r.GetString())));
        Assert.DoesNotContain(created.Key, events[0].GetProperty("after").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exports_carry_every_matching_event_oldest_first_in_csv_and_json()
    {
        await HistoryAsync();

        var csv = await auditor.GetStringAsync("/api/audit/export.csv?entityType=Request", Ct);
        var json = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit/export.json", Ct)).RootElement;

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sequence,occurred_at_utc,actor,actor_id,actor_roles,action,entity_type,entity_id,before,after,previous_hash,hash", lines[0]);
        Assert.Equal(2, lines.Length - 1); // request.created and request.approved
        Assert.StartsWith("3,", lines[1], StringComparison.Ordinal);
        Assert.Equal(6, json.GetArrayLength());
        Assert.Equal(Enumerable.Range(1, 6), json.EnumerateArray().Select(e => (int)e.GetProperty("sequence").GetInt64()));
        Assert.Equal(json[5].GetProperty("hash").GetString(), (await VerifyAsync()).GetProperty("lastHash").GetString());
    }
}
