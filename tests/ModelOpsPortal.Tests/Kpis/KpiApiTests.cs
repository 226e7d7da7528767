using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Kpis;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Kpis;

/// <summary>
/// The KPIs on a small fixed portfolio whose every figure was worked out by hand (now is 2026-11-28 09:00 UTC):
/// Alpha (Retail, High) registered 2026-01-10, validated and promoted champion 2026-03-10, an open drift alert, its
/// latest batch failing fairness, trained on a 2025-06-01 snapshot; Beta (Retail, Medium) registered 2025-01-15, v1
/// promoted 2025-03-01 and retired by v2's champion swap 2025-10-01 (promoted twice), never evaluated; Gamma (Corporate,
/// Low) validated, then retired 2025-06-01 without ever reaching production; Delta (Corporate, High) promoted
/// 2025-11-01, eight months after registration, last approved more than 12 months ago, last evaluated 2026-09-01;
/// Epsilon (Retail, Low) registered 2026-11-01 with a version in development; Zeta (Retail, Medium) in production as a
/// challenger only, since 2025-08-01.
/// </summary>
[Trait("Category", "Database")]
public sealed class KpiApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly HttpClient executive;

    public KpiApiTests() => executive = portal.CreateClient(PortalRoles.Executive);

    public void Dispose()
    {
        executive.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTime D(string iso) => DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private async Task<JsonElement> KpisAsync(string query = "") =>
        JsonDocument.Parse(await executive.GetStringAsync("/api/kpis" + query, Ct)).RootElement;

    private async Task SeedAsync()
    {
        var inventory = new TestInventory(portal.Services);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);

        async Task<int> ModelAsync(string name, string unit, RiskTier tier, string created, int versions)
        {
            var input = Inputs.Model(name);
            input.BusinessUnit = unit;
            input.RiskTier = tier;
            var model = await inventory.RegisterModelAsync(input, "hana", Ct);
            for (var i = 0; i < versions; i++)
            {
                await inventory.RegisterVersionAsync(model.Id, Inputs.Version(), "hana", Ct);
            }

            await db.Models.Where(m => m.Id == model.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, D(created)), Ct);
            return model.Id;
        }

        async Task VersionAsync(int model, int number, VersionStage stage, ProductionRole role, string? snapshot) =>
            await db.Versions.Where(v => v.ModelId == model && v.Number == number).ExecuteUpdateAsync(s => s
                .SetProperty(v => v.Stage, stage).SetProperty(v => v.ProductionRole, role)
                .SetProperty(v => v.TrainingDataset.SnapshotDate, snapshot is null ? null : DateOnly.Parse(snapshot, CultureInfo.InvariantCulture)), Ct);

        void Moved(int model, int number, VersionStage to, string at) =>
            db.StageChanges.Add(new StageChange { ModelId = model, VersionNumber = number, FromStage = VersionStage.Development, ToStage = to, ChangedBy = "v", ChangedAt = D(at) });

        void Request(int model, int number, RequestKind kind, string asked, string? closed, RequestStatus status = RequestStatus.Approved) =>
            db.Requests.Add(new LifecycleRequest
            {
                ModelId = model, VersionNumber = number, Kind = kind, Justification = "j", RequestedBy = "hana", RequestedAt = D(asked),
                Status = closed is null ? RequestStatus.Open : status, ClosedAt = closed is null ? null : D(closed), ClosedBy = closed is null ? null : "marta",
            });

        void Evaluated(int model, int number, string period, string created, bool fairnessFailed) =>
            db.Evaluations.Add(new Evaluation
            {
                ModelId = model, VersionNumber = number, Name = "batch " + period, PeriodStart = DateOnly.Parse(period, CultureInfo.InvariantCulture),
                RowCount = 100, CreatedAt = D(created), CreatedBy = "pipeline", FairnessFailed = fairnessFailed,
            });

        var alpha = await ModelAsync("Alpha", "Retail", RiskTier.High, "2026-01-10", 1);
        await VersionAsync(alpha, 1, VersionStage.Production, ProductionRole.Champion, "2025-06-01");
        Moved(alpha, 1, VersionStage.PendingValidation, "2026-02-01");
        Moved(alpha, 1, VersionStage.Approved, "2026-02-10");
        Moved(alpha, 1, VersionStage.Production, "2026-03-10");
        Request(alpha, 1, RequestKind.Validation, "2026-02-01", "2026-02-10");
        Request(alpha, 1, RequestKind.Promotion, "2026-03-01", "2026-03-10");
        db.Alerts.Add(new MonitoringAlert
        {
            ModelId = alpha, VersionNumber = 1, Kind = AlertKind.Drift, Metric = "psi", Feature = "income", Level = AlertLevel.Alert,
            Value = 0.3, Threshold = 0.25, RaisedAt = D("2026-11-05"), LastSeenAt = D("2026-11-05"), Status = AlertStatus.Open,
        });
        Evaluated(alpha, 1, "2026-10-01", "2026-10-05", fairnessFailed: false);
        Evaluated(alpha, 1, "2026-11-01", "2026-11-05", fairnessFailed: true);

        var beta = await ModelAsync("Beta", "Retail", RiskTier.Medium, "2025-01-15", 2);
        await VersionAsync(beta, 1, VersionStage.Retired, ProductionRole.None, "2024-12-01");
        await VersionAsync(beta, 2, VersionStage.Production, ProductionRole.Champion, "2025-12-01");
        Moved(beta, 1, VersionStage.Production, "2025-03-01");
        Moved(beta, 1, VersionStage.Retired, "2025-10-01");
        Moved(beta, 2, VersionStage.Production, "2025-10-01");
        Request(beta, 1, RequestKind.Validation, "2025-02-01", "2025-02-20");
        Request(beta, 1, RequestKind.Promotion, "2025-02-25", "2025-03-01");
        Request(beta, 2, RequestKind.Validation, "2025-09-01", "2025-09-10");
        Request(beta, 2, RequestKind.ChampionSwap, "2025-09-20", "2025-10-01");

        var gamma = await ModelAsync("Gamma", "Corporate", RiskTier.Low, "2025-02-01", 1);
        await VersionAsync(gamma, 1, VersionStage.Retired, ProductionRole.None, null);
        Moved(gamma, 1, VersionStage.Approved, "2025-03-11");
        Moved(gamma, 1, VersionStage.Retired, "2025-06-01");
        Request(gamma, 1, RequestKind.Validation, "2025-03-01", "2025-03-11");
        Request(gamma, 1, RequestKind.Retirement, "2025-05-25", "2025-06-01");

        var delta = await ModelAsync("Delta", "Corporate", RiskTier.High, "2025-03-01", 1);
        await VersionAsync(delta, 1, VersionStage.Production, ProductionRole.Champion, null);
        Moved(delta, 1, VersionStage.Production, "2025-11-01");
        Request(delta, 1, RequestKind.Validation, "2025-08-01", "2025-08-04", RequestStatus.Rejected);
        Request(delta, 1, RequestKind.Validation, "2025-09-01", "2025-09-21");
        Request(delta, 1, RequestKind.Promotion, "2025-10-20", "2025-11-01");
        Evaluated(delta, 1, "2026-08-01", "2026-09-01", fairnessFailed: false);

        var epsilon = await ModelAsync("Epsilon", "Retail", RiskTier.Low, "2026-11-01", 1);
        Request(epsilon, 1, RequestKind.Validation, "2026-11-20", null);

        var zeta = await ModelAsync("Zeta", "Retail", RiskTier.Medium, "2025-06-01", 1);
        await VersionAsync(zeta, 1, VersionStage.Production, ProductionRole.Challenger, "2025-05-01");
        Moved(zeta, 1, VersionStage.Production, "2025-08-01");
        Request(zeta, 1, RequestKind.Validation, "2025-07-01", "2025-07-15");
        Request(zeta, 1, RequestKind.Promotion, "2025-07-25", "2025-08-01");
        Evaluated(zeta, 1, "2026-11-01", "2026-11-20", fairnessFailed: false);

        await db.SaveChangesAsync(Ct);
    }

    private static int Count(JsonElement list, string key, string value) =>
        list.EnumerateArray().Single(x => x.GetProperty(key).GetString() == value).GetProperty("count").GetInt32();

    private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    [Fact]
    public async Task Every_figure_matches_the_hand_computed_portfolio()
    {
        await SeedAsync();

        var k = await KpisAsync();

        var stages = k.GetProperty("modelsByStage");
        Assert.Equal((4, 1, 1), (Count(stages, "stage", "Production"), Count(stages, "stage", "Retired"), Count(stages, "stage", "Development")));
        var versions = k.GetProperty("versionsByStage");
        Assert.Equal((4, 2, 1), (Count(versions, "stage", "Production"), Count(versions, "stage", "Retired"), Count(versions, "stage", "Development")));
        var roles = k.GetProperty("productionRoles");
        Assert.Equal([3, 1, 1, 2], new[] { "with-champion", "with-challenger", "without-champion", "never-in-production" }.Select(s => Count(roles, "set", s)));

        var reach = k.GetProperty("reach");
        Assert.Equal((6, 4, 7, 5), (reach.GetProperty("models").GetInt32(), reach.GetProperty("modelsReached").GetInt32(),
            reach.GetProperty("versions").GetInt32(), reach.GetProperty("versionsReached").GetInt32()));
        Assert.Equal(4.0 / 6, reach.GetProperty("modelShare").GetDouble(), 12);

        // Registration to first production: Beta 45 days (promoted twice, counted once), Alpha 59, Zeta 61, Delta 245.
        var ttp = k.GetProperty("timeToProduction");
        Assert.Equal(4, ttp.GetProperty("days").GetProperty("count").GetInt32());
        Assert.Equal(60, ttp.GetProperty("days").GetProperty("medianDays").GetDouble(), 9);
        Assert.Equal(61 + 0.7 * (245 - 61), ttp.GetProperty("days").GetProperty("p90Days").GetDouble(), 9);
        Assert.Equal((1, 0.25, 1, 0.25), (ttp.GetProperty("overThreeMonths").GetInt32(), ttp.GetProperty("shareOverThreeMonths").GetDouble(),
            ttp.GetProperty("overSevenMonths").GetInt32(), ttp.GetProperty("shareOverSevenMonths").GetDouble()));
        Assert.Equal([0, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0], ttp.GetProperty("byMonth").EnumerateArray().Select(x => x.GetInt32()));

        // Decided requests only (Epsilon's is open); a rejection is a decision too.
        var cycles = k.GetProperty("approvalCycles").EnumerateArray().ToDictionary(c => c.GetProperty("kind").GetString()!, c => c.GetProperty("days"));
        Assert.Equal((7, 10.0, 19.4), (cycles["Validation"].GetProperty("count").GetInt32(), cycles["Validation"].GetProperty("medianDays").GetDouble(),
            Math.Round(cycles["Validation"].GetProperty("p90Days").GetDouble(), 9)));
        Assert.Equal((4, 8.0, 11.1), (cycles["Promotion"].GetProperty("count").GetInt32(), cycles["Promotion"].GetProperty("medianDays").GetDouble(),
            Math.Round(cycles["Promotion"].GetProperty("p90Days").GetDouble(), 9)));
        Assert.Equal(11, cycles["ChampionSwap"].GetProperty("medianDays").GetDouble());
        Assert.Equal(7, cycles["Retirement"].GetProperty("p90Days").GetDouble());

        var health = k.GetProperty("health");
        Assert.Equal([4, 1, 1, 1, 1, 2], new[] { "inProduction", "openAlerts", "driftAlerts", "fairnessFailed", "retrainingRecommended", "unwatched" }
            .Select(p => health.GetProperty(p).GetInt32()));

        var revalidation = k.GetProperty("revalidation").EnumerateArray().ToDictionary(r => r.GetProperty("tier").GetString()!);
        Assert.Equal((12, 2, 1), (revalidation["High"].GetProperty("policyMonths").GetInt32(), revalidation["High"].GetProperty("inProduction").GetInt32(), revalidation["High"].GetProperty("overdue").GetInt32()));
        Assert.Equal((2, 0), (revalidation["Medium"].GetProperty("inProduction").GetInt32(), revalidation["Medium"].GetProperty("overdue").GetInt32()));
        Assert.Equal((0, 0), (revalidation["Low"].GetProperty("inProduction").GetInt32(), revalidation["Low"].GetProperty("overdue").GetInt32()));

        // Champions: Alpha (snapshot 545 days old, stale), Beta v2 (362 days), Delta (no snapshot date).
        var data = k.GetProperty("trainingData");
        Assert.Equal((3, 2, 453.5, 1), (data.GetProperty("champions").GetInt32(), data.GetProperty("withSnapshotDate").GetInt32(),
            data.GetProperty("medianDays").GetDouble(), data.GetProperty("stale").GetInt32()));

        var throughput = k.GetProperty("throughput").EnumerateArray()
            .ToDictionary(q => q.GetProperty("quarter").GetString()!, q => (q.GetProperty("registered").GetInt32(), q.GetProperty("promoted").GetInt32(), q.GetProperty("retired").GetInt32()));
        Assert.Equal(["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"], throughput.Keys);
        Assert.Equal((3, 1, 0), throughput["2025Q1"]);
        Assert.Equal((1, 0, 1), throughput["2025Q2"]);
        Assert.Equal((0, 1, 0), throughput["2025Q3"]);
        Assert.Equal((0, 2, 1), throughput["2025Q4"]); // Beta's v2 and Delta promoted; Beta's v1 retired
        Assert.Equal((1, 1, 0), throughput["2026Q1"]);
        Assert.Equal((1, 0, 0), throughput["2026Q4"]);
    }

    [Fact]
    public async Task Reports_are_served_again_until_this_instance_writes_or_they_age()
    {
        await SeedAsync();
        async Task<int> RetailAsync() => (await KpisAsync("?businessUnit=Retail")).GetProperty("reach").GetProperty("models").GetInt32();
        async Task AnotherInstanceMovesAsync(string model)
        {
            // Straight to the database, as another portal instance would: this process's contexts see nothing of it.
            Assert.Equal(1, await portal.Database.ExecuteAsync("""UPDATE "Models" SET "BusinessUnit" = 'Elsewhere' WHERE "Name" = @name""", ("name", model)));
        }

        Assert.Equal(4, await RetailAsync());
        await AnotherInstanceMovesAsync("Alpha");
        Assert.Equal(4, await RetailAsync());

        var clock = (FakeTimeProvider)portal.Services.GetRequiredService<TimeProvider>();
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(3, await RetailAsync());

        // A write through this instance is counted at once.
        var input = Inputs.Model("Eta");
        input.BusinessUnit = "Retail";
        await new TestInventory(portal.Services).RegisterModelAsync(input, "hana", Ct);
        Assert.Equal(4, await RetailAsync());

        // Refresh recomputes whatever the snapshot's age, and later readers get the new snapshot.
        await AnotherInstanceMovesAsync("Beta");
        Assert.Equal(4, await RetailAsync());
        var kpis = portal.Services.GetRequiredService<KpiService>();
        Assert.Equal(3, (await kpis.RefreshAsync(new KpiFilter("Retail"), Ct)).Reach.Models);
        Assert.Equal(3, await RetailAsync());
    }

    [Fact]
    public async Task A_filter_with_no_production_models_gives_empty_figures_not_errors()
    {
        await SeedAsync();

        var k = await KpisAsync("?businessUnit=Corporate&riskTier=Low"); // Gamma only: retired before production

        Assert.Equal(1, k.GetProperty("reach").GetProperty("models").GetInt32());
        Assert.Equal(0, k.GetProperty("reach").GetProperty("modelShare").GetDouble());
        Assert.Equal(0, k.GetProperty("timeToProduction").GetProperty("days").GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, k.GetProperty("timeToProduction").GetProperty("days").GetProperty("medianDays").ValueKind);
        Assert.Equal(JsonValueKind.Null, k.GetProperty("timeToProduction").GetProperty("shareOverThreeMonths").ValueKind);
        Assert.Equal(0, k.GetProperty("health").GetProperty("inProduction").GetInt32());
        Assert.Equal(["Low"], k.GetProperty("revalidation").EnumerateArray().Select(r => r.GetProperty("tier").GetString()));
        Assert.Equal(JsonValueKind.Null, k.GetProperty("trainingData").GetProperty("medianDays").ValueKind);
        Assert.Equal(1, k.GetProperty("throughput").EnumerateArray().Sum(q => q.GetProperty("retired").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, (await executive.GetAsync("/api/kpis?riskTier=Extreme", Ct)).StatusCode);
    }

    public static TheoryData<string, string> DrillDowns() => new()
    {
        { "in-production", "Alpha,Beta,Delta,Zeta" },
        { "reached-production", "Alpha,Beta,Delta,Zeta" },
        { "never-in-production", "Epsilon,Gamma" },
        { "with-champion", "Alpha,Beta,Delta" },
        { "with-challenger", "Zeta" },
        { "without-champion", "Zeta" },
        { "production-after-three-months", "Delta" },
        { "production-after-seven-months", "Delta" },
        { "open-alerts", "Alpha" },
        { "drift-alerts", "Alpha" },
        { "fairness-failed", "Alpha" },
        { "retraining-recommended", "Alpha" },
        { "unwatched", "Beta,Delta" },
        { "revalidation-overdue", "Delta" },
        { "stale-training-data", "Alpha" },
        { "registered&quarter=2025Q1", "Beta,Delta,Gamma" },
        { "promoted&quarter=2025Q4", "Beta,Delta" },
        { "retired&quarter=2025Q2", "Gamma" },
    };

    [Theory]
    [MemberData(nameof(DrillDowns))]
    public async Task Each_drill_down_lists_exactly_the_models_counted(string kpi, string expected)
    {
        await SeedAsync();

        var models = JsonDocument.Parse(await executive.GetStringAsync($"/api/models?kpi={kpi}&pageSize=200", Ct)).RootElement;

        Assert.Equal(expected.Split(','), models.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(expected.Split(',').Length, models.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Drill_downs_keep_the_dashboard_filters_and_refuse_unknown_sets()
    {
        await SeedAsync();

        var corporate = JsonDocument.Parse(await executive.GetStringAsync("/api/models?kpi=in-production&businessUnit=Corporate", Ct)).RootElement;
        var unknown = await executive.GetAsync("/api/models?kpi=best-models", Ct);
        var badQuarter = await executive.GetAsync("/api/models?kpi=registered&quarter=2025-Q1", Ct);

        Assert.Equal(["Delta"], corporate.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("open-alerts", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badQuarter.StatusCode);
        Assert.Contains("quarter", await badQuarter.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_carries_the_same_figures_as_the_json()
    {
        await SeedAsync();

        var k = await KpisAsync("?businessUnit=Retail");
        var csv = await executive.GetStringAsync("/api/kpis.csv?businessUnit=Retail", Ct);
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r').Split(','))
            .ToDictionary(r => (r[0], r[1], r[2]), r => r[3]);

        Assert.Equal("Retail", rows[("report", "filter", "business_unit")]);
        Assert.Equal(k.GetProperty("reach").GetProperty("models").GetInt32().ToString(CultureInfo.InvariantCulture), rows[("reach", "models", "registered")]);
        Assert.Equal(k.GetProperty("health").GetProperty("unwatched").GetInt32().ToString(CultureInfo.InvariantCulture), rows[("health", "unwatched", "models")]);
        Assert.Equal(k.GetProperty("timeToProduction").GetProperty("days").GetProperty("medianDays").GetDouble(),
            double.Parse(rows[("time_to_production", "models", "median_days")], CultureInfo.InvariantCulture));
        foreach (var q in k.GetProperty("throughput").EnumerateArray())
        {
            Assert.Equal(q.GetProperty("promoted").GetInt32().ToString(CultureInfo.InvariantCulture), rows[("throughput", q.GetProperty("quarter").GetString()!, "promoted")]);
        }
    }

    [Fact]
    public async Task The_synthetic_portfolio_is_consistent_and_its_kpis_match_their_drill_downs()
    {
        var generator = portal.Services.GetRequiredService<ModelOpsPortal.Infrastructure.DemoData.SyntheticPortfolio>();

        var (models, versions) = await generator.GenerateAsync(200, seed: 7, Ct);
        var k = await KpisAsync();
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => generator.GenerateAsync(10, ct: Ct));

        Assert.Equal(200, models);
        Assert.InRange(versions, 600, 1400); // 1 to 9 per model
        Assert.Equal(200, k.GetProperty("reach").GetProperty("models").GetInt32());
        Assert.Equal(versions, k.GetProperty("reach").GetProperty("versions").GetInt32());
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        Assert.False(await db.Versions.GroupBy(v => v.ModelId).AnyAsync(g => g.Count(v => v.ProductionRole == ProductionRole.Champion) > 1, Ct));
        Assert.True(await db.Evaluations.AnyAsync(Ct));
        foreach (var (set, figure) in new[] { ("in-production", k.GetProperty("health").GetProperty("inProduction")), ("open-alerts", k.GetProperty("health").GetProperty("openAlerts")),
                     ("unwatched", k.GetProperty("health").GetProperty("unwatched")), ("production-after-three-months", k.GetProperty("timeToProduction").GetProperty("overThreeMonths")) })
        {
            var listed = JsonDocument.Parse(await executive.GetStringAsync($"/api/models?kpi={set}&pageSize=1", Ct)).RootElement.GetProperty("totalCount").GetInt32();
            Assert.Equal(figure.GetInt32(), listed);
        }

        Assert.True(k.GetProperty("health").GetProperty("inProduction").GetInt32() > 0);
        Assert.Contains("empty database", again.Message, StringComparison.Ordinal);
    }
}
