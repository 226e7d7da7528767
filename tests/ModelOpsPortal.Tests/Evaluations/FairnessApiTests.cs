using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>Fairness per attribute from uploaded batches, read back through GET /api/models/{id}/fairness.</summary>
[Trait("Category", "Database")]
public sealed class FairnessApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly HttpClient client;

    public FairnessApiTests() => client = portal.CreateClient(PortalRoles.Auditor);

    public void Dispose()
    {
        client.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_latest_fairness_per_attribute_carries_the_reference_rates_intervals_and_status_and_the_trend_has_every_batch()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Fair scorecard", ["gender", "age_band", "race"]);
        using var pipeline = portal.CreateClient(PortalRoles.DataScientist);
        foreach (var (file, period) in new[] { ("current.csv", "2026-03-01"), ("current_ties.csv", "2026-04-01") })
        {
            var csv = File.ReadAllText(Path.Combine(RepositoryFiles.TestData, "evaluation", file));
            var posted = await pipeline.PostAsync($"/api/models/{modelId}/evaluations?version=1&challenger=2&periodStart={period}", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var response = await client.GetAsync($"/api/models/{modelId}/fairness", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.TestData, "evaluation", "expected_current_ties.json"))).RootElement.GetProperty("fairness");
        Assert.Equal("2026-04-01", body.GetProperty("period").GetString());
        foreach (var attribute in expected.EnumerateObject())
        {
            var actual = body.GetProperty("latest").GetProperty(attribute.Name);
            Assert.Equal(attribute.Value.GetProperty("disparate_impact").GetDouble(), actual.GetProperty("disparateImpact").GetDouble(), 9);
            foreach (var group in attribute.Value.GetProperty("groups").EnumerateObject())
            {
                var rates = actual.GetProperty("groups").GetProperty(group.Name);
                Assert.Equal(group.Value.GetProperty("tpr").GetDouble(), rates.GetProperty("tpr").GetDouble(), 9);
                var interval = rates.GetProperty("selectionRateInterval");
                Assert.InRange(rates.GetProperty("selectionRate").GetDouble(), interval.GetProperty("low").GetDouble(), interval.GetProperty("high").GetDouble());
            }

            Assert.Contains(actual.GetProperty("status").GetString(), new[] { "Pass", "Warning", "Fail", "InsufficientData" });
            Assert.Equal(2, body.GetProperty("trend").GetProperty(attribute.Name).GetArrayLength());
        }
    }

    [Fact]
    public async Task A_model_without_evaluations_has_empty_fairness_and_an_unknown_model_is_404()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Unscored scorecard", ["gender"]);

        var empty = JsonDocument.Parse(await client.GetStringAsync($"/api/models/{modelId}/fairness", Ct)).RootElement;
        var missing = await client.GetAsync("/api/models/999999/fairness", Ct);

        Assert.Empty(empty.GetProperty("latest").EnumerateObject());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("evaluationId").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_challengers_own_fairness_is_in_the_answers_and_equals_what_it_shows_when_it_is_the_monitored_version()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Challenged scorecard", ["gender", "age_band", "race"]);
        var other = await TestModels.RegisterAsync(portal.Services, "Unrelated scorecard", ["gender"]);
        using var pipeline = portal.CreateClient(PortalRoles.DataScientist);
        var lines = File.ReadAllLines(Path.Combine(RepositoryFiles.TestData, "evaluation", "current.csv"));
        // The same rows with the two score columns swapped: version 2 monitored, version 1 its challenger.
        var swapped = string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Select(l => l.Split(',')).Select(c => string.Join(',', [.. c[..2], c[3], c[2], .. c[4..]]))));
        async Task<JsonElement> UploadAsync(string csv, string query)
        {
            var posted = await pipeline.PostAsync($"/api/models/{modelId}/evaluations?{query}", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            return JsonDocument.Parse(await posted.Content.ReadAsStringAsync(Ct)).RootElement;
        }

        var first = await UploadAsync(string.Join('\n', lines), "version=1&challenger=2&periodStart=2026-03-01");
        var second = await UploadAsync(swapped, "version=2&challenger=1&periodStart=2026-04-01");
        var firstId = first.GetProperty("id").GetInt32();
        var stored = JsonDocument.Parse(await client.GetStringAsync($"/api/models/{modelId}/evaluations/{firstId}", Ct)).RootElement;
        var ofVersion1 = JsonDocument.Parse(await client.GetStringAsync($"/api/models/{modelId}/fairness?version=1", Ct)).RootElement;
        var ofVersion2 = JsonDocument.Parse(await client.GetStringAsync($"/api/models/{modelId}/fairness?version=2", Ct)).RootElement;
        var unknownVersion = await client.GetAsync($"/api/models/{modelId}/fairness?version=9", Ct);
        var otherModels = await client.GetAsync($"/api/models/{other}/evaluations/{firstId}", Ct);

        SameFairness(second.GetProperty("fairness"), first.GetProperty("challengerFairness"));
        SameFairness(first.GetProperty("fairness"), second.GetProperty("challengerFairness"));
        SameFairness(first.GetProperty("challengerFairness"), stored.GetProperty("challengerFairness"));
        Assert.Equal((1, true, second.GetProperty("id").GetInt32()), (ofVersion1.GetProperty("version").GetInt32(), ofVersion1.GetProperty("asChallenger").GetBoolean(), ofVersion1.GetProperty("evaluationId").GetInt32()));
        SameFairness(first.GetProperty("fairness"), ofVersion1.GetProperty("latest"));
        Assert.Equal((2, false), (ofVersion2.GetProperty("version").GetInt32(), ofVersion2.GetProperty("asChallenger").GetBoolean()));
        SameFairness(second.GetProperty("fairness"), ofVersion2.GetProperty("latest"));
        Assert.All(ofVersion2.GetProperty("trend").EnumerateObject(), t => Assert.Equal([2, 2], t.Value.EnumerateArray().Select(p => p.GetProperty("version").GetInt32())));
        Assert.Equal([1, 2], ofVersion2.GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherModels.StatusCode);
    }

    /// <summary>The same engine on the same scores: every figure of every attribute is identical, to the last digit.</summary>
    private static void SameFairness(JsonElement expected, JsonElement actual)
    {
        Assert.Equal(expected.EnumerateObject().Select(a => a.Name).Order(), actual.EnumerateObject().Select(a => a.Name).Order());
        foreach (var attribute in expected.EnumerateObject())
        {
            Assert.Equal(attribute.Value.GetRawText(), actual.GetProperty(attribute.Name).GetRawText());
        }
    }

    [Fact]
    public async Task A_regression_model_gets_mean_prediction_mean_actual_and_mae_per_group()
    {
        var modelId = await TestModels.RegisterRegressionAsync(portal.Services, "Fair LGD model");
        var path = Path.Combine(RepositoryFiles.TestData, "regression", "regression.csv");
        using var pipeline = portal.CreateClient(PortalRoles.DataScientist);

        var posted = await pipeline.PostAsync($"/api/models/{modelId}/evaluations?version=1", new StringContent(File.ReadAllText(path), Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var groups = JsonDocument.Parse(await posted.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("regressionFairness").GetProperty("segment").GetProperty("groups");
        var rows = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(r => (Score: double.Parse(r[1], CultureInfo.InvariantCulture), Label: double.Parse(r[2], CultureInfo.InvariantCulture), Segment: r[4])).ToList();
        foreach (var segment in rows.GroupBy(r => r.Segment))
        {
            var actual = groups.GetProperty(segment.Key);
            Assert.Equal(segment.Count(), actual.GetProperty("count").GetInt32());
            Assert.Equal(segment.Average(r => r.Score), actual.GetProperty("meanPrediction").GetDouble(), 9);
            Assert.Equal(segment.Average(r => r.Label), actual.GetProperty("meanActual").GetDouble(), 9);
            Assert.Equal(segment.Average(r => Math.Abs(r.Label - r.Score)), actual.GetProperty("mae").GetDouble(), 9);
        }

        var fairness = JsonDocument.Parse(await client.GetStringAsync($"/api/models/{modelId}/fairness", Ct)).RootElement;
        Assert.Equal("Regression", fairness.GetProperty("modelType").GetString());
        Assert.True(fairness.GetProperty("latestRegression").GetProperty("segment").GetProperty("maeDifference").GetDouble() >= 0);
    }

    [Fact]
    public async Task Sensitive_attributes_are_changed_by_the_owner_or_a_validator_only_and_bad_names_are_named()
    {
        var inventory = new TestInventory(portal.Services);
        var input = Inputs.Model("Owned scorecard");
        input.Owner = "datascientist-pipeline";
        var owned = await inventory.RegisterModelAsync(input, "hana", Ct);
        var other = await TestModels.RegisterAsync(portal.Services, "Someone else's scorecard", ["gender"]);
        using var owner = portal.CreateClient(PortalRoles.DataScientist);
        using var validator = portal.CreateClient(PortalRoles.Validator);
        static StringContent Body(params string[] names) => new(JsonSerializer.Serialize(new { attributes = names }), Encoding.UTF8, "application/json");

        var byOwner = await owner.PutAsync($"/api/models/{owned.Id}/sensitive-attributes", Body(" gender ", "race"), Ct);
        var byOtherDataScientist = await owner.PutAsync($"/api/models/{other}/sensitive-attributes", Body("race"), Ct);
        var byValidator = await validator.PutAsync($"/api/models/{other}/sensitive-attributes", Body("gender", "age_band"), Ct);
        var invalid = await validator.PutAsync($"/api/models/{other}/sensitive-attributes", Body("gender", "", "Gender"), Ct);
        var missing = await validator.PutAsync("/api/models/999999/sensitive-attributes", Body("gender"), Ct);

        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal(["gender", "race"], (await inventory.GetModelAsync(owned.Id, Ct))!.SensitiveAttributes);
        Assert.Equal(HttpStatusCode.Forbidden, byOtherDataScientist.StatusCode);
        // "Hana Kim" never signed in here, so no one holds owner rights by that name.
        Assert.Contains("The owner 'Hana Kim' is not linked to a sign-in", await byOtherDataScientist.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, byValidator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("attributes[1]", out _));
        Assert.Contains("\"Gender\" is listed twice", errors.GetProperty("attributes[2]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["gender", "age_band"], (await inventory.GetModelAsync(other, Ct))!.SensitiveAttributes);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
