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

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// The integrity holes a probe found (issue #23), each reproduced over HTTP on the SQLite file: governance rules that
/// an edit could remove, identities an Admin could borrow, stored values that broke pages, races answered 500.
/// </summary>
[Trait("Category", "Database")]
public sealed class IntegrityTests : IDisposable
{
    private static JsonSerializerOptions Json => Inputs.Json;

    private readonly PortalFactory portal = new();
    private readonly HttpClient scientist;
    private readonly HttpClient validator;
    private readonly HttpClient scientistValidator;

    public IntegrityTests()
    {
        scientist = portal.CreateClient(PortalRoles.DataScientist);
        validator = portal.CreateClient(PortalRoles.Validator);
        scientistValidator = portal.CreateClientAs(PortalFactory.ScientistValidator);
    }

    public void Dispose()
    {
        scientist.Dispose();
        validator.Dispose();
        scientistValidator.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Scientist = "datascientist-pipeline";
    private const string HanaId = "0b7c5a7e-hana";

    private async Task<ModelDetails> ModelAsync(string name, RiskTier tier, string owner = "Hana Kim", params string[] developers)
    {
        var inventory = new TestInventory(portal.Services);
        // Hana has signed in before she is named, so the model's owner is linked to her id.
        await portal.Services.GetRequiredService<PeopleDirectory>().RecordAsync(HanaId, "Hana Kim", null, serviceAccount: false, Ct);
        var input = Inputs.Model(name);
        input.RiskTier = tier;
        input.Owner = owner;
        input.Developers = [.. developers];
        var model = await inventory.RegisterModelAsync(input, "hana", Ct);
        await inventory.RegisterVersionAsync(model.Id, Inputs.Version(), "hana", Ct);
        return (await inventory.GetModelAsync(model.Id, Ct))!;
    }

    private static ModelInput Edit(ModelDetails model, Action<ModelInput> change)
    {
        var input = InventoryMapping.ToInput(model);
        change(input);
        return input;
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private async Task<int> RequestValidationAsync(int modelId, HttpClient? client = null)
    {
        var response = await (client ?? scientist).PostAsJsonAsync($"/api/models/{modelId}/versions/1/requests",
            new { kind = "validation", justification = "Development complete." }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await BodyAsync(response)).GetProperty("id").GetInt32();
    }

    private static Task<HttpResponseMessage> ApproveAsync(HttpClient client, int request) =>
        client.PostAsJsonAsync($"/api/requests/{request}/approve", new { comment = "Checked the validation pack." }, Ct);

    private async Task<List<string>> AuditActionsAsync(int modelId)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var id = modelId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await db.AuditEvents.Where(e => e.EntityType == "Model" && e.EntityId == id).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct);
    }

    [Fact]
    public async Task A_developer_who_validates_cannot_edit_himself_out_of_separation_of_duties()
    {
        var model = await ModelAsync("Self-approval probe", RiskTier.Medium, developers: PortalFactory.ScientistValidator);
        var request = await RequestValidationAsync(model.Id);

        // Taking his own name off the developers is refused outright.
        var own = await scientistValidator.PutAsJsonAsync($"/api/models/{model.Id}", Edit(model, i => i.Developers = ["someone else"]), Json, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("separation of duties", (await BodyAsync(own)).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        // A data scientist who does not own the model may not change its developers at all; the owner may (teams change),
        // but the open request keeps the developers it was made under.
        var notOwner = await scientist.PutAsJsonAsync($"/api/models/{model.Id}", Edit(model, i => i.Developers = ["someone else"]), Json, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, notOwner.StatusCode);
        await new TestInventory(portal.Services).UpdateModelAsync(model.Id, Edit(model, i => i.Developers = ["someone else"]), null,
            new ModelOpsPortal.Infrastructure.Audit.Actor("Hana Kim", [PortalRoles.DataScientist], HanaId), Ct);

        var approve = await ApproveAsync(scientistValidator, request);
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        var view = await BodyAsync(await validator.GetAsync($"/api/requests/{request}", Ct));
        Assert.Contains(PortalFactory.ScientistValidator, view.GetProperty("excluded").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal("Open", view.GetProperty("status").GetString());
        Assert.Contains("model.governance-changed", await AuditActionsAsync(model.Id));
    }

    [Fact]
    public async Task A_data_scientist_who_does_not_own_the_model_cannot_empty_its_sensitive_attributes_by_an_edit()
    {
        var model = await ModelAsync("Fairness gate probe", RiskTier.Medium);

        var edit = await scientist.PutAsJsonAsync($"/api/models/{model.Id}", Edit(model, i => i.SensitiveAttributes = []), Json, Ct);
        var harmless = await scientist.PutAsJsonAsync($"/api/models/{model.Id}", Edit(model, i => i.Limitations = "Not for small business."), Json, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Contains("sensitiveAttributes", (await BodyAsync(edit)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, harmless.StatusCode);
        var stored = await new TestInventory(portal.Services).GetModelAsync(model.Id, Ct);
        Assert.Equal(["gender", "age_band"], stored!.SensitiveAttributes);
        Assert.DoesNotContain("model.governance-changed", await AuditActionsAsync(model.Id));
    }

    [Fact]
    public async Task Lowering_the_risk_tier_after_a_request_does_not_lower_the_approvals_it_needs()
    {
        var model = await ModelAsync("Tier probe", RiskTier.High, owner: Scientist);
        var request = await RequestValidationAsync(model.Id);

        var lowered = await scientist.PutAsJsonAsync($"/api/models/{model.Id}", Edit(model, i => i.RiskTier = RiskTier.Low), Json, Ct);
        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode); // the owner may re-tier the model…
        var first = await ApproveAsync(validator, request);

        var view = await BodyAsync(first);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Open", view.GetProperty("status").GetString()); // …but this request still needs two validators
        Assert.Equal(2, view.GetProperty("approvalsRequired").GetInt32());
        Assert.Equal("High", view.GetProperty("riskTier").GetString());
        Assert.Contains("model.governance-changed", await AuditActionsAsync(model.Id));
    }

    private async Task<int> DeploymentAsync(string name)
    {
        var model = await ModelAsync(name, RiskTier.Medium);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var version = await db.Versions.SingleAsync(v => v.ModelId == model.Id && v.Number == 1, Ct);
        var deployment = new Deployment
        {
            VersionId = version.Id, Target = DeploymentTarget.RestEndpoint, Environment = "production", Endpoint = "https://score.example.com",
            DeployedAt = TestDatabase.Now.UtcDateTime, DeployedBy = "ops",
        };
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync(Ct);
        return deployment.Id;
    }

    [Fact]
    public async Task Figures_beyond_their_documented_range_are_refused_naming_the_field()
    {
        var deploymentId = await DeploymentAsync("Latency probe");
        var model = await ModelAsync("Threshold probe", RiskTier.Medium);

        var latency = await scientist.PostAsJsonAsync($"/api/deployments/{deploymentId}/stats", new
        {
            periodStart = "2026-11-01T00:00:00Z", periodEnd = "2026-11-02T00:00:00Z", requests = 100, errors = 1, p50LatencyMs = 35.0, p95LatencyMs = 8e28,
        }, Ct);
        var level = await validator.PutAsJsonAsync($"/api/models/{model.Id}/thresholds",
            new { rules = new[] { new { metric = "p95LatencyMs", direction = "Above", warning = 500.0, alert = 1e30 } } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, latency.StatusCode);
        Assert.Contains("p95LatencyMs", (await BodyAsync(latency)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.BadRequest, level.StatusCode);
        Assert.Contains("rules[0].alert", (await BodyAsync(level)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.DeploymentStatistics.CountAsync(Ct));
        Assert.Equal(0, await db.ThresholdRules.CountAsync(Ct));
    }

    [Theory]
    [InlineData("riskTier", "99")]
    [InlineData("riskTier", "\"99\"")]
    [InlineData("riskTier", "\"High, Low\"")]
    [InlineData("modelType", "99")]
    public async Task An_enum_takes_only_its_defined_names(string field, string json)
    {
        var body = JsonSerializer.SerializeToNode(Inputs.Model("Enum probe"), Json)!.AsObject();
        body[field] = System.Text.Json.Nodes.JsonNode.Parse(json);

        var response = await scientist.PostAsync("/api/models", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await BodyAsync(response);
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.Contains(field == "riskTier" ? "High, Medium, Low" : "BinaryClassification, Regression", message, StringComparison.Ordinal);
        Assert.Contains("correlationId", problem.EnumerateObject().Select(p => p.Name));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Models.CountAsync(Ct));
    }

    [Fact]
    public async Task The_api_description_names_the_enum_values_the_api_accepts()
    {
        var document = await BodyAsync(await scientist.GetAsync("/openapi/v1.json", Ct));

        var tier = document.GetProperty("components").GetProperty("schemas").GetProperty("RiskTier");
        Assert.Equal("string", tier.GetProperty("type").GetString());
        Assert.Equal(["High", "Medium", "Low"], tier.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Enums_nested_in_a_version_and_a_deployment_take_only_their_names()
    {
        var model = await ModelAsync("Nested enum probe", RiskTier.Medium);
        var version = JsonSerializer.SerializeToNode(Inputs.Version(), Json)!.AsObject();
        version["features"]![1]!["type"] = 7;
        var language = JsonSerializer.SerializeToNode(Inputs.Version(), Json)!.AsObject();
        language["language"] = 42;

        var byFeature = await scientist.PostAsync($"/api/models/{model.Id}/versions", new StringContent(version.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);
        var byLanguage = await scientist.PostAsync($"/api/models/{model.Id}/versions", new StringContent(language.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);
        var byTarget = await scientist.PostAsync($"/api/models/{model.Id}/versions/1/deployments",
            new StringContent("""{"target": 77, "environment": "production", "endpoint": "https://x.example"}""", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal("features[1].type", Assert.Single((await BodyAsync(byFeature)).GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal("language", Assert.Single((await BodyAsync(byLanguage)).GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal("target", Assert.Single((await BodyAsync(byTarget)).GetProperty("errors").EnumerateObject()).Name);
        Assert.Single((await new TestInventory(portal.Services).GetModelAsync(model.Id, Ct))!.Versions);
    }

    [Fact]
    public async Task The_integrity_check_never_reports_a_chain_that_is_still_being_written_as_broken()
    {
        using var auditor = portal.CreateClient(PortalRoles.Auditor);
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 40; i++)
            {
                using var created = await scientist.PostAsJsonAsync("/api/models", Inputs.Model($"Verify load {w}-{i}"), Json, Ct);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
        }, Ct)).ToList();

        var answers = new List<JsonElement>();
        while (writers.Any(t => !t.IsCompleted) && answers.Count < 300)
        {
            answers.Add(await BodyAsync(await auditor.GetAsync("/api/audit/verify", Ct)));
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        Assert.True(answers.Count > 10, $"only {answers.Count} checks ran while the writers wrote");
        Assert.All(answers, a => Assert.True(a.GetProperty("intact").GetBoolean(), a.ToString()));
    }

    [Fact]
    public async Task Two_promotions_to_champion_approved_at_the_same_moment_make_one_champion_and_a_409_that_names_it()
    {
        using var secondValidator = portal.CreateClientAs(PortalFactory.SecondValidator);
        for (var round = 0; round < 5; round++)
        {
            var model = await ModelAsync($"Champion race {round}", RiskTier.Medium);
            await new TestInventory(portal.Services).RegisterVersionAsync(model.Id, Inputs.Version(), "hana", Ct);
            int[] promotions = new int[2];
            for (var v = 1; v <= 2; v++)
            {
                var validation = await PostRequestAsync(model.Id, v, new { kind = "validation", justification = "Ready." });
                Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(validator, validation)).StatusCode);
                promotions[v - 1] = await PostRequestAsync(model.Id, v, new { kind = "promotion", role = "champion", justification = "Best so far." });
            }

            var answers = await Task.WhenAll(ApproveAsync(validator, promotions[0]), ApproveAsync(secondValidator, promotions[1]));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            var refused = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
            var detail = (await BodyAsync(refused)).GetProperty("detail").GetString()!;
            await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
            var champion = await db.Versions.SingleAsync(x => x.ModelId == model.Id && x.ProductionRole == ProductionRole.Champion, Ct);
            Assert.Contains($"v{champion.Number}", detail, StringComparison.Ordinal);
            Assert.Contains("champion", detail, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task<int> PostRequestAsync(int modelId, int version, object body)
    {
        var response = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/{version}/requests", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await BodyAsync(response)).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task A_baseline_without_the_versions_features_is_refused_and_the_old_one_kept()
    {
        var model = await ModelAsync("Baseline probe", RiskTier.Medium);
        var good = new StringBuilder("income,region\n");
        for (var i = 0; i < 50; i++)
        {
            good.Append(System.Globalization.CultureInfo.InvariantCulture, $"{40 + i},{(i % 2 == 0 ? "north" : "south")}\n");
        }

        var stored = await scientist.PostAsync($"/api/models/{model.Id}/versions/1/baseline", new StringContent(good.ToString(), System.Text.Encoding.UTF8, "text/csv"), Ct);
        var without = await scientist.PostAsync($"/api/models/{model.Id}/versions/1/baseline", new StringContent("age,colour\n1,red\n2,blue\n", System.Text.Encoding.UTF8, "text/csv"), Ct);
        var half = await scientist.PostAsync($"/api/models/{model.Id}/versions/1/baseline", new StringContent("income\n1\n2\n", System.Text.Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Contains("income, region", (await BodyAsync(without)).GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);
        Assert.Contains("region", (await BodyAsync(half)).GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        var baseline = await portal.Services.GetRequiredService<ModelOpsPortal.Features.Evaluations.EvaluationQueries>().BaselineAsync(model.Id, 1, Ct);
        Assert.Equal((50, "income", "region"), (baseline!.RowCount, Assert.Single(baseline.NumericFeatures), Assert.Single(baseline.CategoricalFeatures)));
    }

    [Fact]
    public async Task A_batch_with_a_column_named_twice_is_refused_naming_both_positions()
    {
        var model = await ModelAsync("Duplicate column probe", RiskTier.Medium);

        var response = await scientist.PostAsync($"/api/models/{model.Id}/evaluations?version=1",
            new StringContent("score,label,income,region,income\n0.2,0,40,north,41\n", System.Text.Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await BodyAsync(response)).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Contains("'income'", message, StringComparison.Ordinal);
        Assert.Contains("3 and 5", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_representable_day_is_a_date_like_any_other()
    {
        var model = await ModelAsync("Time travel probe", RiskTier.Medium);

        var response = await scientist.GetAsync($"/api/models/{model.Id}/champion?at=9999-12-31", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await BodyAsync(response)).GetProperty("version").ValueKind);
    }

    [Theory]
    [InlineData("name", "Retail\u0000PD")]
    [InlineData("name", "Retail PD \u202Egnp.exe")]
    [InlineData("name", "\u200B\u200B")]
    [InlineData("owner", "Hana\u0007Kim")]
    public async Task Names_with_control_characters_bidi_overrides_or_only_invisible_characters_are_refused(string field, string value)
    {
        var body = JsonSerializer.SerializeToNode(Inputs.Model("Hygiene probe"), Json)!.AsObject();
        body[field] = value;

        var response = await scientist.PostAsync("/api/models", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await BodyAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Models.CountAsync(Ct));
    }

    [Fact]
    public async Task Names_are_stored_in_one_normal_form_and_lists_are_bounded()
    {
        var decomposed = Inputs.Model("Cafe\u0301 scorecard");
        var tags = Inputs.Model("Many tags");
        tags.Tags = [.. Enumerable.Range(0, 10_000).Select(i => $"tag-{i}")];
        var invisible = Inputs.Model("Invisible developer");
        invisible.Developers = ["\u200B"];

        var created = await scientist.PostAsJsonAsync("/api/models", decomposed, Json, Ct);
        var tooMany = await scientist.PostAsJsonAsync("/api/models", tags, Json, Ct);
        var blank = await scientist.PostAsJsonAsync("/api/models", invisible, Json, Ct);

        Assert.Equal("Caf\u00E9 scorecard", (await BodyAsync(created)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("50", (await BodyAsync(tooMany)).GetProperty("errors").GetProperty("tags")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.True((await BodyAsync(blank)).GetProperty("errors").TryGetProperty("developers[0]", out _));
    }

    [Fact]
    public async Task A_batch_that_is_not_utf8_is_refused_naming_the_line_column_and_byte()
    {
        var model = await ModelAsync("Encoding probe", RiskTier.Medium);
        var head = Encoding.UTF8.GetBytes("score,label,income,region\n0.2,0,40,north\n0.7,1,41,");
        byte[] latin1 = [.. head, (byte)'s', 0xFC, (byte)'d', (byte)'\n'];

        var response = await scientist.PostAsync($"/api/models/{model.Id}/evaluations?version=1", new ByteArrayContent(latin1) { Headers = { { "Content-Type", "text/csv" } } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await BodyAsync(response)).GetProperty("errors").GetProperty("body")[0].GetString()!;
        Assert.Contains("Line 3, column 4", message, StringComparison.Ordinal);
        Assert.Contains($"byte offset {head.Length + 1}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_evaluation_period_that_ends_before_it_starts_or_a_name_too_long_is_refused_and_a_default_name_fits()
    {
        var longName = new string('M', 200);
        var model = await ModelAsync(longName, RiskTier.Medium);
        var csv = TestModels.SmallBatchCsv();

        var backwards = await scientist.PostAsync($"/api/models/{model.Id}/evaluations?version=1&periodStart=2026-03-31&periodEnd=2026-03-01",
            new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        var named = await scientist.PostAsync($"/api/models/{model.Id}/evaluations?version=1&name={new string('n', 201)}",
            new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        var unnamed = await scientist.PostAsync($"/api/models/{model.Id}/evaluations?version=1", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal("periodEnd", Assert.Single((await BodyAsync(backwards)).GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal("name", Assert.Single((await BodyAsync(named)).GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal(HttpStatusCode.Created, unnamed.StatusCode);
        var name = (await BodyAsync(unnamed)).GetProperty("name").GetString()!;
        Assert.True(name.Length <= 200, $"{name.Length} characters");
        Assert.Matches(@"^M+ v1 \d{4}-\d{2}-\d{2}$", name);
    }

    [Fact]
    public async Task A_stored_evaluation_lists_the_alerts_its_upload_raised_and_an_unknown_model_has_no_statistics()
    {
        var model = await ModelAsync("Alert memory probe", RiskTier.Medium);
        var rules = await validator.PutAsJsonAsync($"/api/models/{model.Id}/thresholds",
            new { rules = new[] { new { metric = "auc", direction = "Above", warning = 0.5, alert = 0.6 } } }, Ct);
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);

        var upload = await BodyAsync(await scientist.PostAsync($"/api/models/{model.Id}/evaluations?version=1",
            new StringContent(TestModels.SmallBatchCsv(), Encoding.UTF8, "text/csv"), Ct));
        var stored = await BodyAsync(await scientist.GetAsync($"/api/evaluations/{upload.GetProperty("id").GetInt32()}", Ct));
        var statistics = await scientist.GetAsync("/api/models/99999/statistics", Ct);

        var raised = Assert.Single(upload.GetProperty("alerts").EnumerateArray());
        var kept = Assert.Single(stored.GetProperty("alerts").EnumerateArray());
        Assert.Equal(raised.GetProperty("id").GetInt32(), kept.GetProperty("id").GetInt32());
        Assert.Equal("auc", kept.GetProperty("metric").GetString());
        Assert.Equal(HttpStatusCode.NotFound, statistics.StatusCode);
    }
}
