using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.DemoData;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Inventory;

/// <summary>The list endpoint and the export over the seeded demo portfolio.</summary>
[Trait("Category", "Database")]
public sealed class InventoryQueryTests : IClassFixture<InventoryQueryTests.SeededPortal>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly IReadOnlyList<Model> Expected = DemoPortfolio.Build(TestDatabase.Now.UtcDateTime);
    private readonly HttpClient client;

    public InventoryQueryTests(SeededPortal portal) => client = portal.Factory.CreateClient(PortalRoles.Executive);

    public sealed class SeededPortal : IDisposable
    {
        public PortalFactory Factory { get; } = new(seedDemoData: true);

        public void Dispose() => Factory.Dispose();
    }

    private async Task<PagedResult<ModelSummary>> ListAsync(string query) =>
        (await client.GetFromJsonAsync<PagedResult<ModelSummary>>("/api/models?" + query, Json, TestContext.Current.CancellationToken))!;

    [Fact]
    public async Task Pages_do_not_overlap_and_together_hold_every_model_once()
    {
        var pages = new List<ModelSummary>();
        for (var page = 1; page <= 4; page++)
        {
            var result = await ListAsync($"page={page}&pageSize=12&sort=RiskTier");
            Assert.Equal(40, result.TotalCount);
            pages.AddRange(result.Items);
        }

        Assert.Equal(40, pages.Count);
        Assert.Equal(40, pages.Select(m => m.Id).Distinct().Count());
        Assert.Equal(pages.OrderBy(m => m.RiskTier).Select(m => m.RiskTier), pages.Select(m => m.RiskTier));
    }

    [Fact]
    public async Task Filters_match_what_the_portfolio_holds()
    {
        var expectedSas = Expected.Count(m => m.Versions.Any(v => v.Language == ModelLanguage.SAS));
        var expectedCredit = Expected.Count(m => m.BusinessUnit == "Retail Credit" && m.RiskTier == RiskTier.High);
        var expectedProduction = Expected.Count(m => m.Versions.Any(v => v.Stage == VersionStage.Production));

        Assert.Equal(expectedSas, (await ListAsync("language=SAS")).TotalCount);
        Assert.Equal(expectedCredit, (await ListAsync("businessUnit=Retail%20Credit&riskTier=High")).TotalCount);
        Assert.Equal(expectedProduction, (await ListAsync("stage=Production&pageSize=200")).TotalCount);
        Assert.Equal(["Retail PD scorecard"], (await ListAsync("name=retail%20pd")).Items.Select(m => m.Name));
        Assert.Empty((await ListAsync("name=%25")).Items); // a literal %, not a wildcard
    }

    [Fact]
    public async Task The_summary_shows_the_champion_and_the_stage()
    {
        var champion = Expected.First(m => m.Champion is not null);

        var row = Assert.Single((await ListAsync("name=" + Uri.EscapeDataString(champion.Name))).Items);

        Assert.Equal(champion.Champion!.Number, row.ChampionVersion);
        Assert.Equal(VersionStage.Production, row.Stage);
        Assert.Equal(champion.Versions.Count, row.VersionCount);
    }

    [Fact]
    public async Task Sorting_by_stage_follows_the_lifecycle_not_the_alphabet()
    {
        var stages = (await ListAsync("sort=Stage&pageSize=200")).Items.Select(m => m.Stage!.Value).ToList();

        Assert.Equal(stages.Order(), stages);
    }

    [Fact]
    public async Task An_invalid_filter_value_is_a_400_problem()
    {
        var response = await client.GetAsync("/api/models?stage=Sunset", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_csv_export_holds_every_filtered_model_with_a_header()
    {
        var response = await client.GetAsync("/api/models/export.csv?riskTier=High", TestContext.Current.CancellationToken);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("id,name,business_unit,owner,model_type,risk_tier,stage", lines[0], StringComparison.Ordinal);
        Assert.Equal(Expected.Count(m => m.RiskTier == RiskTier.High), lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",High,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint_with_a_summary()
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Summary: o.Value.TryGetProperty("summary", out var s) ? s.GetString() : null)))
            .ToList();

        (string Path, string Method)[] expected =
        [
            ("/api/models", "get"), ("/api/models", "post"), ("/api/models/export.csv", "get"), ("/api/models/{modelId}", "get"),
            ("/api/models/{modelId}", "put"), ("/api/models/{modelId}/versions", "post"), ("/api/models/{modelId}/versions/{version}", "get"),
            ("/api/models/{modelId}/versions/{version}/baseline", "post"), ("/api/models/{modelId}/evaluations", "post"),
            ("/api/models/{modelId}/evaluations", "get"), ("/api/evaluations/{id}", "get"), ("/api/me", "get"),
        ];
        Assert.Empty(expected.Except(operations.Select(o => (o.Path, o.Method))));
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Summary), $"{o.Method} {o.Path} has no summary"));
        var reference = await client.GetAsync("/api/reference/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }
}
