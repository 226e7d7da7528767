using System.Net;
using System.Text;
using System.Text.Json;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>A batch with both scores, read back as a champion/challenger comparison through the API.</summary>
[Trait("Category", "Database")]
public sealed class ComparisonApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly HttpClient client;

    public ComparisonApiTests() => client = portal.CreateClient(PortalRoles.DataScientist);

    public void Dispose()
    {
        client.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<int> ModelWithSharedBatchAsync()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Compared scorecard", ["gender"]);
        var csv = File.ReadAllText(Path.Combine(RepositoryFiles.TestData, "evaluation", "current.csv"));
        var response = await client.PostAsync($"/api/models/{modelId}/evaluations?version=1&challenger=2&periodStart=2026-03-01",
            new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return modelId;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string url)
    {
        var response = await client.GetAsync(url, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement);
    }

    [Fact]
    public async Task The_comparison_carries_the_reference_delong_test_and_says_the_challenger_is_better()
    {
        var modelId = await ModelWithSharedBatchAsync();
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.TestData, "evaluation", "expected_current.json"))).RootElement.GetProperty("comparison");

        var (status, body) = await GetAsync($"/api/models/{modelId}/comparison?champion=1&challenger=2");

        Assert.Equal(HttpStatusCode.OK, status);
        var significance = body.GetProperty("significance");
        Assert.Equal(expected.GetProperty("auc_difference").GetDouble(), significance.GetProperty("aucDifference").GetDouble(), 9);
        Assert.Equal(expected.GetProperty("z").GetDouble(), significance.GetProperty("z").GetDouble(), 9);
        var p = expected.GetProperty("p_value").GetDouble();
        Assert.True(Math.Abs(significance.GetProperty("pValue").GetDouble() - p) <= 1e-9 * p);
        Assert.Equal("ChallengerBetter", significance.GetProperty("verdict").GetString());
        var auc = body.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "auc");
        Assert.Equal("challenger", auc.GetProperty("better").GetString());
        Assert.Equal(1, body.GetProperty("trend").GetArrayLength());
        Assert.True(body.GetProperty("championCurve").GetProperty("threshold").GetArrayLength() > 50);
        Assert.True(body.GetProperty("challengerCurve").GetProperty("threshold").GetArrayLength() > 50);
    }

    [Fact]
    public async Task Turned_around_the_difference_changes_sign_and_the_verdict_follows()
    {
        var modelId = await ModelWithSharedBatchAsync();

        var (_, body) = await GetAsync($"/api/models/{modelId}/comparison?champion=2&challenger=1&alpha=0.01");

        var significance = body.GetProperty("significance");
        Assert.Equal(-0.04771263376366475, significance.GetProperty("aucDifference").GetDouble(), 9);
        Assert.True(significance.GetProperty("ciUpper").GetDouble() < 0);
        Assert.Equal(("ChallengerWorse", 0.01), (significance.GetProperty("verdict").GetString(), significance.GetProperty("alpha").GetDouble()));
    }

    [Theory]
    [InlineData("champion=1", "challenger")]
    [InlineData("champion=1&challenger=1", "challenger")]
    [InlineData("champion=1&challenger=2&alpha=0.9", "alpha")]
    [InlineData("challenger=2", "champion")]
    public async Task A_comparison_that_cannot_be_made_says_which_parameter_is_wrong(string query, string field)
    {
        var modelId = await ModelWithSharedBatchAsync();

        var (status, body) = await GetAsync($"/api/models/{modelId}/comparison?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }
}
