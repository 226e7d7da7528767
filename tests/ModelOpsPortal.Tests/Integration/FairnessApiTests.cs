using System.Net;
using System.Text;
using System.Text.Json;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Integration;

/// <summary>Fairness per attribute from uploaded batches, read back through GET /api/models/{id}/fairness.</summary>
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
}
