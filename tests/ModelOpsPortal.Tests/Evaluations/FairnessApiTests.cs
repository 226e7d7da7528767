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
    public async Task A_regression_model_gets_mean_prediction_mean_actual_and_mae_per_group()
    {
        var inventory = new TestInventory(portal.Services);
        var input = Inputs.Model("Fair LGD model");
        input.ModelType = ModelType.Regression;
        input.SensitiveAttributes = ["segment"];
        var model = await inventory.RegisterModelAsync(input, "hana", Ct);
        var version = Inputs.Version();
        version.Features = [new FeatureInput { Name = "balance", Type = FeatureType.Numeric }];
        await inventory.RegisterVersionAsync(model.Id, version, "hana", Ct);
        var path = Path.Combine(RepositoryFiles.TestData, "regression", "regression.csv");
        using var pipeline = portal.CreateClient(PortalRoles.DataScientist);

        var posted = await pipeline.PostAsync($"/api/models/{model.Id}/evaluations?version=1", new StringContent(File.ReadAllText(path), Encoding.UTF8, "text/csv"), Ct);

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

        var fairness = JsonDocument.Parse(await client.GetStringAsync($"/api/models/{model.Id}/fairness", Ct)).RootElement;
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
