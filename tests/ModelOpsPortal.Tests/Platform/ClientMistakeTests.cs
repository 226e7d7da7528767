using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// A client's mistake gets the portal's own answer in every environment (issue #19, item 2): a ProblemDetails 400
/// whose <c>errors</c> name the parameter, never ASP.NET's bare 400, an exception type or a stack trace, and never a
/// line at error level in the server's log. Run in Development, where a stack trace would show if anything leaked.
/// </summary>
[Trait("Category", "Database")]
public sealed class ClientMistakeTests : IDisposable
{
    private readonly PortalFactory portal = new(environment: "Development");

    public void Dispose() => portal.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable<", text, StringComparison.Ordinal);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.False(string.IsNullOrEmpty(problem["correlationId"]?.GetValue<string>()));
        return problem;
    }

    private static string Error(JsonObject problem, string field) => string.Join(" ", problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));

    [Fact]
    public async Task A_missing_query_value_is_named()
    {
        using var scientist = portal.CreateClient("DataScientist");
        var model = await scientist.PostAsJsonAsync("/api/models", Inputs.Model("Missing version scorecard"), Inputs.Json, Ct);
        var id = JsonNode.Parse(await model.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<int>();

        var problem = await ProblemAsync(await scientist.PostAsync($"/api/models/{id}/evaluations",
            new StringContent("score,label\n0.9,1\n", Encoding.UTF8, "text/csv"), Ct));

        Assert.Contains("Required", Error(problem, "version"), StringComparison.Ordinal);
        Assert.Empty(portal.Logs.Failures);
    }

    [Theory]
    [InlineData("/api/models?stage=bogus", "stage", "'bogus' is not one of: Development, PendingValidation, Approved, Production, Retired, Rejected.")]
    [InlineData("/api/models?page=two", "page", "'two' is not a value this parameter takes")]
    [InlineData("/api/models/1/comparison?challenger=2&alpha=small", "alpha", "'small' is not a value this parameter takes")]
    public async Task A_query_value_that_cannot_be_read_is_named_with_what_it_takes(string path, string field, string message)
    {
        using var reader = portal.CreateClient("Auditor");

        var problem = await ProblemAsync(await reader.GetAsync(path, Ct));

        Assert.StartsWith(message, Error(problem, field), StringComparison.Ordinal);
        Assert.Empty(portal.Logs.Failures);
    }

    [Fact]
    public async Task Malformed_json_is_named_by_line_and_position()
    {
        using var scientist = portal.CreateClient("DataScientist");

        var problem = await ProblemAsync(await scientist.PostAsync("/api/models",
            new StringContent("{\n  \"name\": \"Broken\",\n  \"riskTier\": High\n}", Encoding.UTF8, "application/json"), Ct));

        var messages = string.Join(" ", problem["errors"]!.AsObject().SelectMany(e => e.Value!.AsArray().Select(m => m!.GetValue<string>())));
        Assert.Contains("line 3", messages, StringComparison.Ordinal);
        Assert.Empty(portal.Logs.Failures);
    }

    [Fact]
    public async Task A_body_labelled_with_a_type_the_endpoint_does_not_take_is_415_naming_the_header_and_what_to_send()
    {
        using var scientist = portal.CreateClient("DataScientist");

        var response = await scientist.PostAsync("/api/models", new StringContent("{\"name\": \"Plain\"}", Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.True(problem["errors"] is not null, body);
        Assert.Equal("'text/plain; charset=utf-8' is not accepted here; send application/json.", Error(problem, "Content-Type"));
        Assert.Empty(portal.Logs.Failures);
    }

    [Fact]
    public async Task A_replayed_idempotency_key_and_a_reused_one_are_answered_without_an_error_in_the_log()
    {
        using var scientist = portal.CreateClient("DataScientist");
        HttpRequestMessage Post(string name) => new(HttpMethod.Post, "/api/models")
        {
            Content = JsonContent.Create(Inputs.Model(name), options: Inputs.Json), Headers = { { "Idempotency-Key", "replayed-key-1" } },
        };

        var first = await scientist.SendAsync(Post("Replayed scorecard"), Ct);
        var replay = await scientist.SendAsync(Post("Replayed scorecard"), Ct);
        var reused = await scientist.SendAsync(Post("Another scorecard"), Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Empty(portal.Logs.Failures);
    }
}
