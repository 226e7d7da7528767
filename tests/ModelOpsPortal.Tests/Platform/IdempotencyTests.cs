using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Web;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary><c>Idempotency-Key</c> on the API: a retry replays the first answer and nothing is stored twice.</summary>
[Trait("Category", "Database")]
public sealed class IdempotencyTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    private static HttpRequestMessage Register(string key, string name = "Retail PD scorecard") => new(HttpMethod.Post, "/api/models")
    {
        Content = JsonContent.Create(Inputs.Model(name), options: Inputs.Json),
        Headers = { { Idempotency.Header, key } },
    };

    private async Task<int> ModelCountAsync()
    {
        await using var db = portal.Database.CreateDbContext();
        return await db.Models.CountAsync(Ct);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString()!;

    [Fact]
    public async Task A_retry_with_the_same_key_replays_the_first_answer_and_stores_nothing_twice()
    {
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);

        using var first = await scientist.SendAsync(Register("c0ffee-1"), Ct);
        using var again = await scientist.SendAsync(Register("c0ffee-1"), Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains(Idempotency.ReplayedHeader));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues(Idempotency.ReplayedHeader).Single());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(first.Content.Headers.ContentType, again.Content.Headers.ContentType);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, await ModelCountAsync());

        // Without a key the same body is a new request: here the name is taken, so it is refused.
        using var unkeyed = await scientist.PostAsJsonAsync("/api/models", Inputs.Model(), Inputs.Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, unkeyed.StatusCode);
    }

    [Fact]
    public async Task First_requests_racing_for_one_key_run_once_and_log_no_error()
    {
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);

        // A client that double-sends: all eight read "no such key" before any of them has stored it.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => scientist.SendAsync(Register("double-send"), Ct)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created && !a.Headers.Contains(Idempotency.ReplayedHeader));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, a.StatusCode.ToString()));
        Assert.Equal(1, await ModelCountAsync());
        Assert.Empty(portal.Logs.Failures); // the losers' claims are skipped, not unique-index violations EF logs as errors
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422_and_runs_nothing()
    {
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);
        using var first = await scientist.SendAsync(Register("key-a", "First model"), Ct);

        using var other = await scientist.SendAsync(Register("key-a", "Second model"), Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        Assert.Contains("Idempotency-Key 'key-a'", await DetailAsync(other), StringComparison.Ordinal);
        Assert.Equal(1, await ModelCountAsync());
    }

    [Fact]
    public async Task Keys_belong_to_their_caller()
    {
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);
        using var dual = portal.CreateClientAs(PortalFactory.ScientistValidator);

        using var mine = await scientist.SendAsync(Register("shared-key", "Scientist's model"), Ct);
        using var theirs = await dual.SendAsync(Register("shared-key", "Other pipeline's model"), Ct);

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains(Idempotency.ReplayedHeader));
        Assert.Equal(2, await ModelCountAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_malformed_key_is_refused_with_400(int sample)
    {
        var key = new[] { new string('k', 256), "has space", "키" }[sample];
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/models") { Content = JsonContent.Create(Inputs.Model(), options: Inputs.Json) };
        request.Headers.TryAddWithoutValidation(Idempotency.Header, key);

        using var response = await scientist.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key must be 1 to 255 visible ASCII characters", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Equal(0, await ModelCountAsync());
    }

    [Fact]
    public async Task A_request_refused_before_writing_is_remembered_without_the_work_mark_and_a_stored_one_with_it()
    {
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);
        var invalid = Inputs.Model();
        invalid.Name = "";

        using var refused = await scientist.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/models")
        {
            Content = JsonContent.Create(invalid, options: Inputs.Json), Headers = { { Idempotency.Header, "invalid-1" } },
        }, Ct);
        using var stored = await scientist.SendAsync(Register("valid-1"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        await using var db = portal.Database.CreateDbContext();
        var records = await db.IdempotencyRecords.AsNoTracking().OrderBy(r => r.Id).ToListAsync(Ct);
        Assert.Equal(["invalid-1", "valid-1"], records.Select(r => r.Key));
        Assert.Null(records[0].WorkSavedAt);
        Assert.NotNull(records[1].WorkSavedAt);
        Assert.Equal([400, 201], records.Select(r => r.StatusCode ?? 0));
        Assert.All(records, r => Assert.StartsWith("ApiKey:", r.Caller, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retry_after_the_answer_was_lost_is_told_the_work_was_done_and_does_not_repeat_it()
    {
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);
        using var first = await scientist.SendAsync(Register("lost-answer"), Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        // As if the instance had stopped after committing the model but before keeping the answer.
        await using (var db = portal.Database.CreateDbContext())
        {
            await db.IdempotencyRecords.ExecuteUpdateAsync(u => u.SetProperty(r => r.StatusCode, (int?)null).SetProperty(r => r.Body, (byte[]?)null), Ct);
        }

        using var retry = await scientist.SendAsync(Register("lost-answer"), Ct);

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Contains("was stored, but the portal stopped before answering", await DetailAsync(retry), StringComparison.Ordinal);
        Assert.Equal(1, await ModelCountAsync());
    }

    [Fact]
    public async Task A_retry_while_the_first_runs_is_asked_to_wait_and_an_abandoned_one_runs_again()
    {
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);
        var invalid = Inputs.Model();
        invalid.Name = "";
        HttpRequestMessage Refusable() => new(HttpMethod.Post, "/api/models") { Content = JsonContent.Create(invalid, options: Inputs.Json), Headers = { { Idempotency.Header, "slow-1" } } };
        using var first = await scientist.SendAsync(Refusable(), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        // As if the first were still running: no answer yet, nothing written.
        await using (var db = portal.Database.CreateDbContext())
        {
            await db.IdempotencyRecords.ExecuteUpdateAsync(u => u.SetProperty(r => r.StatusCode, (int?)null), Ct);
        }

        using var waiting = await scientist.SendAsync(Refusable(), Ct);
        Assert.Equal(HttpStatusCode.Conflict, waiting.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), waiting.Headers.RetryAfter?.Delta);
        Assert.Contains("is being processed", await DetailAsync(waiting), StringComparison.Ordinal);

        // Eleven minutes later it counts as abandoned (it never wrote anything), so the retry runs.
        await using (var db = portal.Database.CreateDbContext())
        {
            await db.IdempotencyRecords.ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAt, TestDatabase.Now.UtcDateTime.AddMinutes(-11)), Ct);
        }

        using var rerun = await scientist.SendAsync(Refusable(), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, rerun.StatusCode);
        Assert.False(rerun.Headers.Contains(Idempotency.ReplayedHeader));
    }

    [Fact]
    public async Task The_api_description_offers_the_header_on_writes_only()
    {
        using var reader = portal.CreateClient(PortalRoles.Auditor);
        var paths = JsonDocument.Parse(await reader.GetStringAsync("/openapi/v1.json", Ct)).RootElement.GetProperty("paths");

        static IEnumerable<string> Headers(JsonElement operation) =>
            operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()!)
                : [];

        Assert.Contains(Idempotency.Header, Headers(paths.GetProperty("/api/models").GetProperty("post")));
        Assert.Contains(Idempotency.Header, Headers(paths.GetProperty("/api/models/{modelId}/thresholds").GetProperty("put")));
        Assert.DoesNotContain(Idempotency.Header, Headers(paths.GetProperty("/api/models").GetProperty("get")));
    }
}
