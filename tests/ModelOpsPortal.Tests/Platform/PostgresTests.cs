using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// The portal on a real PostgreSQL server (issue #20): its own migration set applied to a fresh database, a model's
/// whole approval path over HTTP, and the rules that need a server's locking, from two portal instances at once.
/// </summary>
[Trait("Category", "Database")]
public sealed class PostgresTests(PostgresCluster cluster) : IAsyncLifetime
{
    private static JsonSerializerOptions Json => Inputs.Json;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PortalFactory first = default!;
    private PortalFactory second = default!;

    public async ValueTask InitializeAsync()
    {
        var connection = await cluster.CreateDatabaseAsync(Ct);
        first = new PortalFactory(postgres: connection);
        _ = first.Services; // migrates, then the second instance starts on the migrated database
        second = new PortalFactory(postgres: connection);
        _ = second.Services;
    }

    public async ValueTask DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private static async Task<int> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await BodyAsync(response)).GetProperty("id").GetInt32();
    }

    /// <summary>A Medium-tier model with <paramref name="versions"/> versions, registered over the first instance.</summary>
    private async Task<int> ModelAsync(HttpClient scientist, string name, int versions = 1)
    {
        var input = Inputs.Model(name);
        input.RiskTier = RiskTier.Medium;
        var model = await CreatedIdAsync(await scientist.PostAsJsonAsync("/api/models", input, Json, Ct));
        for (var v = 0; v < versions; v++)
        {
            var version = await scientist.PostAsJsonAsync($"/api/models/{model}/versions", Inputs.Version(), Json, Ct);
            Assert.True(version.StatusCode == HttpStatusCode.Created, await version.Content.ReadAsStringAsync(Ct));
        }

        return model;
    }

    private static async Task<int> RequestAsync(HttpClient scientist, int model, int version, object body) =>
        await CreatedIdAsync(await scientist.PostAsJsonAsync($"/api/models/{model}/versions/{version}/requests", body, Ct));

    private static Task<HttpResponseMessage> ApproveAsync(HttpClient validator, int request) =>
        validator.PostAsJsonAsync($"/api/requests/{request}/approve", new { comment = "Checked the validation pack." }, Ct);

    [Fact]
    public async Task A_fresh_database_gets_the_postgres_migrations_and_matches_the_model()
    {
        await using var db = await first.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);

        Assert.IsType<PostgresPortalDbContext>(db);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync(Ct));
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Equal(1, await db.AuditHeads.CountAsync(Ct));
        Assert.True(await db.People.AnyAsync(p => p.Id == "svc:validator-pipeline", Ct)); // written at start-up
    }

    [Fact]
    public async Task A_model_goes_from_registration_to_champion_with_the_cycle_time_computed_by_the_database()
    {
        using var scientist = first.CreateClient(PortalRoles.DataScientist);
        using var validator = second.CreateClient(PortalRoles.Validator);
        using var auditor = second.CreateClient(PortalRoles.Auditor);
        var model = await ModelAsync(scientist, "Retail PD scorecard on PostgreSQL");

        var validation = await RequestAsync(scientist, model, 1, new { kind = "validation", justification = "Development complete." });
        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(validator, validation)).StatusCode);
        var promotion = await RequestAsync(scientist, model, 1, new { kind = "promotion", role = "champion", justification = "Validated." });
        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(validator, promotion)).StatusCode);

        var champion = await BodyAsync(await auditor.GetAsync($"/api/models/{model}/champion", Ct));
        Assert.Equal(1, champion.GetProperty("version").GetInt32());
        await using var db = await first.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var decided = await db.Requests.Where(r => r.ModelId == model).Select(r => r.DecisionDays).ToListAsync(Ct);
        Assert.All(decided, d => Assert.Equal(0, d!.Value)); // the fixed clock: decided the moment they were asked
        var search = await BodyAsync(await auditor.GetAsync("/api/models?name=retail%20pd%20SCORECARD%20on", Ct));
        Assert.Equal(1, search.GetProperty("totalCount").GetInt32()); // LIKE ignores case here as on SQLite and SQL Server
        var verify = await BodyAsync(await auditor.GetAsync("/api/audit/verify", Ct));
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
    }

    [Fact]
    public async Task Two_validators_on_two_instances_deciding_one_request_make_one_decision_and_the_other_is_told_who()
    {
        using var scientist = first.CreateClient(PortalRoles.DataScientist);
        using var validatorHere = first.CreateClient(PortalRoles.Validator);
        using var validatorThere = second.CreateClientAs(PortalFactory.SecondValidator);
        var model = await ModelAsync(scientist, "Decision race", versions: Rounds);

        for (var v = 1; v <= Rounds; v++)
        {
            var request = await RequestAsync(scientist, model, v, new { kind = "validation", justification = "Ready." });

            var answers = await Task.WhenAll(ApproveAsync(validatorHere, request), ApproveAsync(validatorThere, request));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
            var decision = await db.RequestDecisions.SingleAsync(d => d.RequestId == request, Ct);
            var detail = (await BodyAsync(answers.Single(a => a.StatusCode == HttpStatusCode.Conflict))).GetProperty("detail").GetString()!;
            Assert.Contains(decision.Decider, detail, StringComparison.Ordinal);
        }
    }

    private const int Rounds = 20;

    [Fact]
    public async Task Two_promotions_to_champion_approved_on_two_instances_at_once_leave_one_champion()
    {
        using var scientist = first.CreateClient(PortalRoles.DataScientist);
        using var validatorHere = first.CreateClient(PortalRoles.Validator);
        using var validatorThere = second.CreateClientAs(PortalFactory.SecondValidator);
        for (var round = 0; round < Rounds / 2; round++)
        {
            var model = await ModelAsync(scientist, $"Champion race {round}", versions: 2);
            var promotions = new int[2];
            for (var v = 1; v <= 2; v++)
            {
                var validation = await RequestAsync(scientist, model, v, new { kind = "validation", justification = "Ready." });
                Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(validatorHere, validation)).StatusCode);
                promotions[v - 1] = await RequestAsync(scientist, model, v, new { kind = "promotion", role = "champion", justification = "Best so far." });
            }

            var answers = await Task.WhenAll(ApproveAsync(validatorHere, promotions[0]), ApproveAsync(validatorThere, promotions[1]));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
            var champion = await db.Versions.SingleAsync(x => x.ModelId == model && x.ProductionRole == ProductionRole.Champion, Ct);
            var detail = (await BodyAsync(answers.Single(a => a.StatusCode == HttpStatusCode.Conflict))).GetProperty("detail").GetString()!;
            Assert.Contains($"v{champion.Number}", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Twenty_writers_on_two_instances_append_one_unforked_audit_chain()
    {
        using var auditor = first.CreateClient(PortalRoles.Auditor);
        var clients = new[] { first.CreateClient(PortalRoles.DataScientist), second.CreateClient(PortalRoles.DataScientist) };
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 5; i++)
                {
                    using var created = await clients[w % 2].PostAsJsonAsync("/api/models", Inputs.Model($"Audit writer {w}-{i}"), Json, Ct);
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                }
            }, Ct)));

            var verify = await BodyAsync(await auditor.GetAsync("/api/audit/verify", Ct));
            Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
            var sequences = await db.AuditEvents.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync(Ct);
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences); // dense: no gap, no repeat
            Assert.Equal(100, await db.AuditEvents.CountAsync(e => e.Action == "model.created", Ct));
            Assert.Equal(sequences.Count, verify.GetProperty("count").GetInt64());
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task One_idempotency_key_sent_to_both_instances_at_once_stores_one_model()
    {
        using var here = first.CreateClient(PortalRoles.DataScientist);
        using var there = second.CreateClient(PortalRoles.DataScientist);
        for (var round = 0; round < Rounds; round++)
        {
            HttpRequestMessage Register() => new(HttpMethod.Post, "/api/models")
            {
                Content = JsonContent.Create(Inputs.Model($"Keyed {round}"), options: Json),
                Headers = { { ModelOpsPortal.Infrastructure.Web.Idempotency.Header, $"pg-race-{round}" } },
            };

            var answers = await Task.WhenAll(here.SendAsync(Register(), Ct), there.SendAsync(Register(), Ct));

            // One carried it out; the other replayed its answer or was told the first is still running.
            Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created && !a.Headers.Contains(ModelOpsPortal.Infrastructure.Web.Idempotency.ReplayedHeader));
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, a.StatusCode.ToString()));
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
            Assert.Equal(1, await db.Models.CountAsync(m => m.Name == $"Keyed {round}", Ct));
        }

        Assert.Empty(first.Logs.Failures.Concat(second.Logs.Failures)); // a double send is not a server error
    }

    [Fact]
    public async Task Two_pipelines_recording_one_training_metric_at_once_keep_one_figure()
    {
        using var here = first.CreateClient(PortalRoles.DataScientist);
        using var there = second.CreateClient(PortalRoles.DataScientist);
        var model = await ModelAsync(here, "Metric race");
        var path = $"/api/models/{model}/versions/1/metrics";
        for (var round = 0; round < Rounds; round++)
        {
            // The same figure from both: stored once, both told it is there.
            var same = new { metrics = new[] { new { name = $"auc-{round}", split = "validation", value = 0.81 } } };
            var sameAnswers = await Task.WhenAll(here.PostAsJsonAsync(path, same, Ct), there.PostAsJsonAsync(path, same, Ct));
            Assert.All(sameAnswers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));

            // Two different figures: one is kept, the other is refused with the one that was kept.
            HttpRequestMessage Different(double value) => new(HttpMethod.Post, path)
            {
                Content = JsonContent.Create(new { metrics = new[] { new { name = $"ks-{round}", split = "test", value } } }),
            };
            var answers = await Task.WhenAll(here.SendAsync(Different(0.41), Ct), there.SendAsync(Different(0.42), Ct));
            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        }

        await using var db = await first.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var recorded = await db.Versions.Where(v => v.ModelId == model).SelectMany(v => v.TrainingMetrics).ToListAsync(Ct);
        Assert.Equal(2 * Rounds, recorded.Count);
        Assert.Equal(2 * Rounds, await db.AuditEvents.CountAsync(e => e.Action == "version.metrics-recorded", Ct)); // a figure that changed nothing is not audited
        Assert.Empty(first.Logs.Failures.Concat(second.Logs.Failures));
    }

    [Fact]
    public async Task Concurrent_uploads_on_two_instances_store_every_evaluation_once_and_one_alert_per_figure()
    {
        using var here = first.CreateClient(PortalRoles.DataScientist);
        using var there = second.CreateClient(PortalRoles.DataScientist);
        using var validator = first.CreateClient(PortalRoles.Validator);
        var model = await TestModels.RegisterOverApiAsync(here, "Upload race", Ct);
        // A rule every batch crosses: each upload either raises the alert or adds an occurrence to it.
        var rules = await validator.PutAsJsonAsync($"/api/models/{model}/thresholds",
            new { rules = new[] { new { metric = "auc", direction = "Above", warning = 0.5, alert = 0.6 } } }, Ct);
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        var batch = TestModels.SmallBatchCsv();

        var answers = await Task.WhenAll(Enumerable.Range(0, Rounds).Select(i =>
            (i % 2 == 0 ? here : there).PostAsync($"/api/models/{model}/evaluations?version=1&name=Batch%20{i}",
                new StringContent(batch, System.Text.Encoding.UTF8, "text/csv"), Ct)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        await using var db = await first.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(Rounds, await db.Evaluations.CountAsync(e => e.ModelId == model, Ct));
        var alert = await db.Alerts.SingleAsync(a => a.ModelId == model && a.Metric == "auc", Ct); // one alert, not one per racing upload
        Assert.Equal(Rounds, alert.Occurrences); // and no occurrence lost
    }
}
