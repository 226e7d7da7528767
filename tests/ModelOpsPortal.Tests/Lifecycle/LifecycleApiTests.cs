using System.Globalization;
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

namespace ModelOpsPortal.Tests.Lifecycle;

/// <summary>Requests and decisions over HTTP on the SQLite file: the stage machine, separation of duties, two-approver tiers, races, the fairness gate.</summary>
[Trait("Category", "Database")]
public sealed class LifecycleApiTests : IDisposable
{
    private readonly PortalFactory portal = new(settings: new Dictionary<string, string>
    {
        // The outbox records each event; nothing listens on this port, which is fine for counting what was queued.
        ["Monitoring:Webhook:Url"] = "http://127.0.0.1:9/hooks",
        ["Monitoring:Webhook:Secret"] = "a-webhook-secret-for-the-tests",
    });

    private readonly HttpClient scientist;
    private readonly HttpClient validator;
    private readonly HttpClient secondValidator;

    public LifecycleApiTests()
    {
        scientist = portal.CreateClient(PortalRoles.DataScientist);
        validator = portal.CreateClient(PortalRoles.Validator);
        secondValidator = portal.CreateClientAs(PortalFactory.SecondValidator);
    }

    public void Dispose()
    {
        scientist.Dispose();
        validator.Dispose();
        secondValidator.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<int> ModelAsync(string name, RiskTier tier, int versions = 2, params string[] developers)
    {
        var inventory = new TestInventory(portal.Services);
        var input = Inputs.Model(name);
        input.RiskTier = tier;
        input.Developers = ["Daniel Okafor", .. developers];
        input.SensitiveAttributes = ["gender"];
        var model = await inventory.RegisterModelAsync(input, "hana", Ct);
        for (var i = 0; i < versions; i++)
        {
            var version = Inputs.Version();
            version.Features = [new FeatureInput { Name = "income", Type = FeatureType.Numeric }];
            await inventory.RegisterVersionAsync(model.Id, version, "hana", Ct);
        }

        return model.Id;
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private async Task<int> RequestAsync(int modelId, int version, object body, HttpClient? client = null)
    {
        var response = await (client ?? scientist).PostAsJsonAsync($"/api/models/{modelId}/versions/{version}/requests", body, Inputs.Json, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await BodyAsync(response)).GetProperty("id").GetInt32();
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, int request, string decision, string comment = "Checked the validation pack.", string? fairnessOverride = null) =>
        client.PostAsJsonAsync($"/api/requests/{request}/{decision}", new { comment, fairnessOverride }, Ct);

    private async Task ApprovedAsync(HttpClient client, int request)
    {
        var response = await DecideAsync(client, request, "approve");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<Dictionary<int, (VersionStage Stage, ProductionRole Role)>> StatesAsync(int modelId)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        return await db.Versions.Where(v => v.ModelId == modelId).ToDictionaryAsync(v => v.Number, v => (v.Stage, v.ProductionRole), Ct);
    }

    [Fact]
    public async Task Versions_move_only_through_decided_requests_and_a_champion_swap_keeps_exactly_one_champion()
    {
        var modelId = await ModelAsync("Lifecycle scorecard", RiskTier.Medium);

        var validation = await RequestAsync(modelId, 1, new { kind = "validation", justification = "Development complete." });
        Assert.Equal(VersionStage.PendingValidation, (await StatesAsync(modelId))[1].Stage);
        await ApprovedAsync(validator, validation);
        Assert.Equal(VersionStage.Approved, (await StatesAsync(modelId))[1].Stage);
        await ApprovedAsync(validator, await RequestAsync(modelId, 1, new { kind = "promotion", role = "champion", justification = "Validated." }));
        await ApprovedAsync(validator, await RequestAsync(modelId, 2, new { kind = "validation", justification = "Retrained." }));
        await ApprovedAsync(validator, await RequestAsync(modelId, 2, new { kind = "promotion", role = "challenger", justification = "Run beside v1." }));
        Assert.Equal((VersionStage.Production, ProductionRole.Challenger), (await StatesAsync(modelId))[2]);

        var swap = await RequestAsync(modelId, 2, new { kind = "champion-swap", previousChampion = "retired", justification = "Better on six months of shared batches." });
        await ApprovedAsync(validator, swap);

        var states = await StatesAsync(modelId);
        Assert.Equal((VersionStage.Production, ProductionRole.Champion), states[2]);
        Assert.Equal((VersionStage.Retired, ProductionRole.None), states[1]);
        Assert.Single(states.Values, s => s.Role == ProductionRole.Champion);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var history = await db.StageChanges.Where(c => c.ModelId == modelId && c.VersionNumber == 1).OrderBy(c => c.Id).Select(c => c.ToStage).ToListAsync(Ct);
        Assert.Equal([VersionStage.PendingValidation, VersionStage.Approved, VersionStage.Production, VersionStage.Retired], history);
        var events = await db.WebhookDeliveries.Select(w => w.EventType).ToListAsync(Ct);
        Assert.Equal(5, events.Count(e => e == "request.created"));
        Assert.Equal(5, events.Count(e => e == "request.approved"));
        Assert.Equal(8, events.Count(e => e == "version.stage-changed")); // four moves of v1, four of v2
    }

    [Fact]
    public async Task A_pipeline_waits_for_the_decision_and_is_answered_as_soon_as_it_is_made()
    {
        var modelId = await ModelAsync("Awaited scorecard", RiskTier.Medium);
        var request = await RequestAsync(modelId, 1, new { kind = "validation", justification = "Development complete." });

        var timer = System.Diagnostics.Stopwatch.StartNew();
        var stillOpen = await BodyAsync(await scientist.GetAsync($"/api/requests/{request}?waitSeconds=1", Ct));
        var openFor = timer.Elapsed;
        timer.Restart();
        var waiting = scientist.GetAsync($"/api/requests/{request}?waitSeconds=60", Ct);
        await Task.Delay(500, Ct);
        Assert.False(waiting.IsCompleted);
        await ApprovedAsync(validator, request);
        var decided = await waiting;
        var decidedAfter = timer.Elapsed;
        var tooLong = await scientist.GetAsync($"/api/requests/{request}?waitSeconds=61", Ct);
        var missing = await scientist.GetAsync("/api/requests/999999?waitSeconds=5", Ct);

        Assert.Equal("Open", stillOpen.GetProperty("status").GetString());
        Assert.InRange(openFor, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("Approved", (await BodyAsync(decided)).GetProperty("status").GetString());
        // Answered once decided, long before the 60 s wait was over.
        Assert.InRange(decidedAfter, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await BodyAsync(tooLong)).GetProperty("errors").TryGetProperty("waitSeconds", out _));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Illegal_transitions_and_bad_terms_are_refused_with_what_is_allowed()
    {
        var modelId = await ModelAsync("Refusing scorecard", RiskTier.Low);

        var promotionFromDevelopment = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/requests", new { kind = "promotion", role = "champion", justification = "Soon." }, Ct);
        var unknownKind = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/requests", new { kind = "deploy", justification = "x" }, Ct);
        var noJustification = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/requests", new { kind = "validation" }, Ct);
        await RequestAsync(modelId, 1, new { kind = "validation", justification = "Ready." });
        var twice = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/requests", new { kind = "validation", justification = "Again." }, Ct);
        var missingVersion = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/9/requests", new { kind = "validation", justification = "x" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, promotionFromDevelopment.StatusCode);
        Assert.Contains("v1 is in development; from there it may only be the subject of: validation.", (await BodyAsync(promotionFromDevelopment)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        Assert.Contains("\"deploy\" is not a request kind", (await BodyAsync(unknownKind)).GetProperty("errors").GetProperty("kind")[0].GetString(), StringComparison.Ordinal);
        Assert.True((await BodyAsync(noJustification)).GetProperty("errors").TryGetProperty("justification", out _));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingVersion.StatusCode);
    }

    [Fact]
    public async Task Retiring_the_champion_needs_a_successor_or_an_explicit_acceptance_of_no_champion()
    {
        var modelId = await ModelAsync("Retiring scorecard", RiskTier.Low, versions: 1);
        await ApprovedAsync(validator, await RequestAsync(modelId, 1, new { kind = "validation", justification = "Ready." }));
        await ApprovedAsync(validator, await RequestAsync(modelId, 1, new { kind = "promotion", role = "champion", justification = "Validated." }));

        var bare = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/requests", new { kind = "retirement", justification = "Use ended." }, Ct);
        var accepted = await RequestAsync(modelId, 1, new { kind = "retirement", justification = "Use ended.", acceptNoChampion = true });
        await ApprovedAsync(validator, accepted);

        Assert.Equal(HttpStatusCode.Conflict, bare.StatusCode);
        Assert.Contains("name the challenger that takes its place", (await BodyAsync(bare)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((VersionStage.Retired, ProductionRole.None), (await StatesAsync(modelId))[1]);
        // "No champion" was accepted, so the model page and the inventory warn about it.
        Assert.True((await BodyAsync(await validator.GetAsync($"/api/models/{modelId}", Ct))).GetProperty("withoutChampion").GetBoolean());
        var listed = await BodyAsync(await validator.GetAsync("/api/models?name=Retiring", Ct));
        Assert.True(listed.GetProperty("items")[0].GetProperty("withoutChampion").GetBoolean());
    }

    [Fact]
    public async Task Nobody_decides_their_own_request_or_a_version_they_developed_even_holding_the_validator_role()
    {
        using var dual = portal.CreateClientAs(PortalFactory.ScientistValidator);
        var ownModel = await ModelAsync("Own work scorecard", RiskTier.Low, 1, PortalFactory.ScientistValidator);
        var otherModel = await ModelAsync("Other work scorecard", RiskTier.Low, 1);
        var onOwnWork = await RequestAsync(ownModel, 1, new { kind = "validation", justification = "Ready." });
        var ownRequest = await RequestAsync(otherModel, 1, new { kind = "validation", justification = "Ready." }, dual);

        var developerDecides = await DecideAsync(dual, onOwnWork, "approve");
        var requesterDecides = await DecideAsync(dual, ownRequest, "reject");
        var scientistDecides = await DecideAsync(scientist, onOwnWork, "approve");
        var noComment = await DecideAsync(validator, onOwnWork, "approve", comment: " ");
        var othersWithdraw = await validator.PostAsync($"/api/requests/{ownRequest}/withdraw", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, developerDecides.StatusCode);
        Assert.Contains("You developed this model", (await BodyAsync(developerDecides)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, requesterDecides.StatusCode);
        Assert.Contains("You made this request", (await BodyAsync(requesterDecides)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, scientistDecides.StatusCode); // no Validator role: the policy refuses
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, othersWithdraw.StatusCode);
        Assert.Equal(VersionStage.PendingValidation, (await StatesAsync(ownModel))[1].Stage);

        var withdrawn = await dual.PostAsync($"/api/requests/{ownRequest}/withdraw", null, Ct);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(VersionStage.Development, (await StatesAsync(otherModel))[1].Stage);
        await ApprovedAsync(validator, onOwnWork);
    }

    [Fact]
    public async Task A_high_risk_model_needs_two_approvals_from_two_different_validators()
    {
        var modelId = await ModelAsync("High risk scorecard", RiskTier.High, versions: 1);
        var request = await RequestAsync(modelId, 1, new { kind = "validation", justification = "Ready." });

        await ApprovedAsync(validator, request);
        var afterOne = await BodyAsync(await validator.GetAsync($"/api/requests/{request}", Ct));
        var again = await DecideAsync(validator, request, "approve");
        var stageAfterOne = (await StatesAsync(modelId))[1].Stage;
        await ApprovedAsync(secondValidator, request);
        var afterTwo = await BodyAsync(await validator.GetAsync($"/api/requests/{request}", Ct));

        Assert.Equal("Open", afterOne.GetProperty("status").GetString());
        Assert.Equal(1, afterOne.GetProperty("approvals").GetInt32());
        Assert.Equal(2, afterOne.GetProperty("approvalsRequired").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(VersionStage.PendingValidation, stageAfterOne);
        Assert.Equal("Approved", afterTwo.GetProperty("status").GetString());
        Assert.Equal(["validator-pipeline", PortalFactory.SecondValidator], afterTwo.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("decider").GetString()));
        Assert.Equal(VersionStage.Approved, (await StatesAsync(modelId))[1].Stage);
    }

    [Fact]
    public async Task Two_validators_deciding_at_the_same_moment_one_wins_and_the_other_is_told_who()
    {
        var modelId = await ModelAsync("Raced scorecard", RiskTier.Low, versions: 8);
        for (var version = 1; version <= 8; version++)
        {
            var request = await RequestAsync(modelId, version, new { kind = "validation", justification = "Ready." });
            var responses = await Task.WhenAll(DecideAsync(validator, request, "approve"), DecideAsync(secondValidator, request, "reject"));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
            var winner = await BodyAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK));
            var decider = winner.GetProperty("decisions")[0].GetProperty("decider").GetString()!;
            Assert.Contains(decider, (await BodyAsync(loser)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Single(winner.GetProperty("decisions").EnumerateArray());
            var stage = (await StatesAsync(modelId))[version].Stage;
            Assert.Equal(decider == "validator-pipeline" ? VersionStage.Approved : VersionStage.Rejected, stage);
        }
    }

    [Fact]
    public async Task Approving_a_version_that_failed_fairness_needs_an_override_which_is_recorded()
    {
        var modelId = await ModelAsync("Unfair scorecard", RiskTier.Low, versions: 1);
        // 200 women selected at 10%, 200 men at 50%, the same true rate: disparate impact 0.2, intervals far apart.
        var csv = new StringBuilder("score,label,income,gender\n");
        for (var i = 0; i < 400; i++)
        {
            var woman = i < 200;
            var selected = (i % 200) < (woman ? 20 : 100);
            csv.Append(CultureInfo.InvariantCulture, $"{(selected ? 0.9 : 0.1)},{(i % 3 == 0 ? 1 : 0)},{50 + i % 7},{(woman ? "F" : "M")}\n");
        }

        var uploaded = await scientist.PostAsync($"/api/models/{modelId}/evaluations?version=1&periodStart=2026-10-01", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var request = await RequestAsync(modelId, 1, new { kind = "validation", justification = "Ready." });
        var created = await BodyAsync(await validator.GetAsync($"/api/requests/{request}", Ct));

        var withoutOverride = await DecideAsync(validator, request, "approve");
        var rejectNeedsNone = await validator.GetAsync($"/api/requests/{request}", Ct);
        var withOverride = await DecideAsync(validator, request, "approve", fairnessOverride: "Selection differs by design: the women in this sample applied for a different product.");

        Assert.True(created.GetProperty("fairnessFailed").GetBoolean());
        Assert.Equal("Fail", created.GetProperty("evidence").GetProperty("fairnessStatus").GetString());
        Assert.Equal("Fail", created.GetProperty("evidence").GetProperty("latest").GetProperty("fairness").GetProperty("gender").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, withoutOverride.StatusCode);
        Assert.Contains("failed a fairness rule", (await BodyAsync(withoutOverride)).GetProperty("errors").GetProperty("fairnessOverride")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, rejectNeedsNone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withOverride.StatusCode);
        Assert.StartsWith("Selection differs by design", (await BodyAsync(withOverride)).GetProperty("decisions")[0].GetProperty("fairnessOverride").GetString(), StringComparison.Ordinal);
        // The override is an event of its own in the audit log, under the validator's name.
        using var auditor = portal.CreateClient(PortalRoles.Auditor);
        var overrides = await BodyAsync(await auditor.GetAsync($"/api/audit?action=request.fairness-override&entityId={request}", Ct));
        var recorded = Assert.Single(overrides.GetProperty("items").EnumerateArray());
        Assert.Equal("validator-pipeline", recorded.GetProperty("actor").GetString());
        Assert.Contains("Selection differs by design", recorded.GetProperty("after").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_inbox_lists_pending_requests_and_an_unknown_status_or_request_is_named()
    {
        var modelId = await ModelAsync("Listed scorecard", RiskTier.Low);
        var pending = await RequestAsync(modelId, 1, new { kind = "validation", justification = "Ready." });
        var decided = await RequestAsync(modelId, 2, new { kind = "validation", justification = "Ready." });
        await ApprovedAsync(validator, decided);

        var list = await BodyAsync(await validator.GetAsync($"/api/requests?status=pending&modelId={modelId}", Ct));
        var bad = await validator.GetAsync("/api/requests?status=maybe", Ct);
        var missing = await validator.GetAsync("/api/requests/999999", Ct);

        Assert.Equal([pending], list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Time_travel_names_the_champion_on_a_date_who_approved_it_and_the_evidence_after_two_changes()
    {
        var clock = portal.Services.GetRequiredService<TimeProvider>() as Microsoft.Extensions.Time.Testing.FakeTimeProvider;
        Assert.NotNull(clock);
        var modelId = await ModelAsync("Time travelled scorecard", RiskTier.Low, versions: 3);
        async Task ChampionAsync(int version, string previous)
        {
            await ApprovedAsync(validator, await RequestAsync(modelId, version, new { kind = "validation", justification = "Ready." }));
            await ApprovedAsync(secondValidator, await RequestAsync(modelId, version, new { kind = "promotion", role = "champion", previousChampion = previous, justification = $"v{version} is better." }));
        }

        var start = clock.GetUtcNow();
        await ChampionAsync(1, "retired");              // day 0: v1
        clock.Advance(TimeSpan.FromDays(10));
        await ChampionAsync(2, "challenger");           // day 10: v2, v1 challenger
        clock.Advance(TimeSpan.FromDays(10));
        await ChampionAsync(3, "retired");              // day 20: v3, v2 retired

        async Task<JsonElement> AtAsync(DateTimeOffset moment) =>
            await BodyAsync(await validator.GetAsync($"/api/models/{modelId}/champion?at={moment.UtcDateTime:yyyy-MM-dd}", Ct));

        var before = await BodyAsync(await validator.GetAsync($"/api/models/{modelId}/champion?at={start.AddDays(-1).UtcDateTime:yyyy-MM-dd}", Ct));
        var first = await AtAsync(start.AddDays(5));
        var second = await AtAsync(start.AddDays(15));
        var now = await BodyAsync(await validator.GetAsync($"/api/models/{modelId}/champion", Ct));
        var bad = await validator.GetAsync($"/api/models/{modelId}/champion?at=yesterday", Ct);

        Assert.Equal(JsonValueKind.Null, before.GetProperty("version").ValueKind);
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        Assert.Equal(3, now.GetProperty("version").GetInt32());
        var request = second.GetProperty("request");
        Assert.Equal("Promotion", request.GetProperty("kind").GetString());
        Assert.Equal(PortalFactory.SecondValidator, request.GetProperty("decisions")[0].GetProperty("decider").GetString());
        Assert.Equal("v2 is better.", request.GetProperty("justification").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
