using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Inventory;

[Trait("Category", "Database")]
public sealed class ModelsApiTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly PortalFactory factory = new();
    private readonly HttpClient client;

    public ModelsApiTests() => client = factory.CreateClient(PortalRoles.DataScientist);

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }

    private async Task<ModelDetails> RegisterAsync(string name = "Retail PD scorecard")
    {
        var response = await client.PostAsJsonAsync("/api/models", Inputs.Model(name), Json, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ModelDetails>(Json, TestContext.Current.CancellationToken))!;
    }

    private async Task<HttpResponseMessage> PostRawAsync(string url, string json) =>
        await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    private static async Task<ValidationProblemDetails> ProblemAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(TestContext.Current.CancellationToken))!;

    [Fact]
    public async Task Registering_a_model_returns_201_with_its_location_and_camel_case_json_with_enum_names()
    {
        var response = await PostRawAsync("/api/models", JsonSerializer.Serialize(Inputs.Model(), Json));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal($"/api/models/{body["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("Retail PD scorecard", (string?)body["name"]);
        Assert.Equal("BinaryClassification", (string?)body["modelType"]);
        Assert.Equal("High", (string?)body["riskTier"]);
        Assert.Equal("gender", (string?)body["sensitiveAttributes"]![0]);
        Assert.Equal("2026-11-28T09:00:00Z", (string?)body["createdAt"]);
    }

    [Fact]
    public async Task A_model_with_missing_fields_gets_400_naming_each_field_and_nothing_is_stored()
    {
        var response = await PostRawAsync("/api/models", """{"name":"","purpose":"x","modelType":"BinaryClassification"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ProblemAsync(response);
        Assert.Equal(["businessUnit", "intendedUse", "name", "owner", "riskTier"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        await using var db = factory.Database.CreateDbContext();
        Assert.Equal(0, await db.Models.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_unknown_enum_value_gets_a_400_problem()
    {
        var json = JsonSerializer.Serialize(Inputs.Model(), Json).Replace("\"High\"", "\"Extreme\"", StringComparison.Ordinal);

        var response = await PostRawAsync("/api/models", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_duplicate_name_gets_409_whatever_its_case()
    {
        await RegisterAsync("Retail PD scorecard");

        var response = await client.PostAsJsonAsync("/api/models", Inputs.Model("retail pd SCORECARD"), Json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);
        Assert.Contains("already exists", problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_returns_the_model_with_an_etag_and_404_for_an_unknown_id()
    {
        var model = await RegisterAsync();

        var found = await client.GetAsync($"/api/models/{model.Id}", TestContext.Current.CancellationToken);
        var missing = await client.GetAsync("/api/models/9999", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal($"\"{model.ConcurrencyStamp}\"", found.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Model not found", (await missing.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken))!.Title);
    }

    [Fact]
    public async Task Put_replaces_the_fields_and_refuses_a_stale_if_match_with_412()
    {
        var model = await RegisterAsync();
        var edit = Inputs.Model("Retail PD scorecard 2026");
        edit.Purpose = "Ranks retail loan applicants; recalibrated in 2026.";

        using var first = new HttpRequestMessage(HttpMethod.Put, $"/api/models/{model.Id}") { Content = JsonContent.Create(edit, options: Json) };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{model.ConcurrencyStamp}\""));
        var updated = await client.SendAsync(first, TestContext.Current.CancellationToken);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/models/{model.Id}") { Content = JsonContent.Create(Inputs.Model("Lost update"), options: Json) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{model.ConcurrencyStamp}\""));
        var refused = await client.SendAsync(stale, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = await updated.Content.ReadFromJsonAsync<ModelDetails>(Json, TestContext.Current.CancellationToken);
        Assert.Equal(("Retail PD scorecard 2026", "Ranks retail loan applicants; recalibrated in 2026."), (body!.Name, body.Purpose));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        var current = await client.GetFromJsonAsync<ModelDetails>($"/api/models/{model.Id}", Json, TestContext.Current.CancellationToken);
        Assert.Equal("Retail PD scorecard 2026", current!.Name);
    }

    [Fact]
    public async Task Put_returns_404_400_and_409_for_unknown_invalid_and_duplicate()
    {
        var model = await RegisterAsync();
        await RegisterAsync("Mortgage PD model");

        var unknown = await client.PutAsJsonAsync("/api/models/9999", Inputs.Model(), Json, TestContext.Current.CancellationToken);
        var invalid = await client.PutAsJsonAsync($"/api/models/{model.Id}", new ModelInput(), Json, TestContext.Current.CancellationToken);
        var duplicate = await client.PutAsJsonAsync($"/api/models/{model.Id}", Inputs.Model("Mortgage PD model"), Json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task The_portal_numbers_versions_and_returns_the_number()
    {
        var model = await RegisterAsync();

        var first = await client.PostAsJsonAsync($"/api/models/{model.Id}/versions", Inputs.Version(), Json, TestContext.Current.CancellationToken);
        var second = await client.PostAsJsonAsync($"/api/models/{model.Id}/versions", Inputs.Version(parent: 1), Json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var v2 = await second.Content.ReadFromJsonAsync<VersionDetails>(Json, TestContext.Current.CancellationToken);
        Assert.Equal(2, v2!.Number);
        Assert.Equal(1, v2.ParentVersion);
        Assert.Equal($"/api/models/{model.Id}/versions/2", second.Headers.Location?.OriginalString);
        Assert.Equal(ModelOpsPortal.Domain.VersionStage.Development, v2.Stage);
    }

    [Fact]
    public async Task A_version_round_trips_dataset_features_and_hyperparameters()
    {
        var model = await RegisterAsync();
        var json = """
            {"algorithm":"LightGBM","language":"R","framework":"lightgbm 4.5","artifactUri":"s3://m/v1.rds",
             "artifactSha256":"ABCDEFabcdef0123456789abcdef0123456789abcdef0123456789abcdef0123",
             "trainingDataset":{"name":"apps_2025","uri":"s3://d/apps.parquet","rows":5000,"snapshotDate":"2025-12-31"},
             "codeRepository":"https://git.example.com/pd","codeCommit":"abc1234",
             "hyperparameters":{"num_leaves":31,"objective":"binary","nested":{"a":[1,2]}},
             "features":[{"name":"income","type":"Numeric"},{"name":"region","type":"Categorical"}]}
            """;

        var created = await PostRawAsync($"/api/models/{model.Id}/versions", json);
        var fetched = await client.GetAsync($"/api/models/{model.Id}/versions/1", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonNode.Parse(await fetched.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("R", (string?)body["language"]);
        Assert.Equal("abcdefabcdef0123456789abcdef0123456789abcdef0123456789abcdef0123", (string?)body["artifactSha256"]);
        Assert.Equal("2025-12-31", (string?)body["trainingDataset"]!["snapshotDate"]);
        Assert.Equal(5000, (long?)body["trainingDataset"]!["rows"]);
        Assert.Equal(2, (int?)body["hyperparameters"]!["nested"]!["a"]![1]);
        Assert.Equal("Categorical", (string?)body["features"]![1]!["type"]);
        Assert.Equal("Retail PD scorecard", (string?)body["modelName"]);
    }

    [Fact]
    public async Task A_version_with_bad_fields_gets_400_naming_nested_paths_and_nothing_is_stored()
    {
        var model = await RegisterAsync();
        var input = Inputs.Version();
        input.ArtifactSha256 = "123";
        input.TrainingDataset!.Name = "";
        input.Features[1].Name = "";

        var response = await client.PostAsJsonAsync($"/api/models/{model.Id}/versions", input, Json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(["artifactSha256", "features[1].name", "trainingDataset.name"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        await using var db = factory.Database.CreateDbContext();
        Assert.Equal(0, await db.Versions.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_missing_parent_version_gets_400_and_an_unknown_model_404()
    {
        var model = await RegisterAsync();

        var badParent = await client.PostAsJsonAsync($"/api/models/{model.Id}/versions", Inputs.Version(parent: 3), Json, TestContext.Current.CancellationToken);
        var noModel = await client.PostAsJsonAsync("/api/models/9999/versions", Inputs.Version(), Json, TestContext.Current.CancellationToken);
        var noVersion = await client.GetAsync($"/api/models/{model.Id}/versions/5", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, badParent.StatusCode);
        Assert.Contains("parentVersion", (await ProblemAsync(badParent)).Errors.Keys);
        Assert.Equal(HttpStatusCode.NotFound, noModel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
    }

    [Fact]
    public async Task Hyperparameters_that_are_not_an_object_get_a_400()
    {
        var model = await RegisterAsync();
        var json = JsonSerializer.Serialize(Inputs.Version(), Json).Replace("\"hyperparameters\":null", "\"hyperparameters\":[1,2]", StringComparison.Ordinal);

        var response = await PostRawAsync($"/api/models/{model.Id}/versions", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Concurrent_registrations_get_distinct_numbers()
    {
        var model = await RegisterAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.PostAsJsonAsync($"/api/models/{model.Id}/versions", Inputs.Version(), Json, TestContext.Current.CancellationToken)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<VersionDetails>(Json, TestContext.Current.CancellationToken))!.Number));
        Assert.Equal([1, 2, 3, 4, 5, 6], numbers.Order());
    }
}
