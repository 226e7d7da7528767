using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Infrastructure.DemoData;

/// <summary>
/// A large synthetic portfolio for scale tests and benchmarks (issue #11): by default 10,000 models with 50,000 versions
/// on average, each version's lifecycle recorded as requests, decisions and stage changes over about 30 months, monthly
/// evaluations of every champion for up to 24 months, deployments and some open alerts. Deterministic for a seed.
/// Written in chunks with EF into an empty database (<c>dotnet run -- generate-portfolio --models 10000</c>).
/// </summary>
public sealed class SyntheticPortfolio(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ILogger<SyntheticPortfolio> logger)
{
    private static readonly string[] Units = ["Retail Credit", "Cards", "Mortgages", "SME Lending", "Collections", "Fraud", "Marketing", "Insurance"];
    private static readonly string[] People = ["Hana Kim", "Daniel Okafor", "Ji-woo Park", "Yuna Choi", "Priya Raman", "Marta Nowak", "Lucas Silva", "Amara Singh"];
    private static readonly string[] Validators = ["Priya Raman", "Marta Nowak", "Tomás Ruiz"];
    private static readonly string[] Algorithms = ["XGBoost", "LightGBM", "Logistic regression", "Random forest", "GLM", "Neural network"];

    /// <exception cref="InvalidOperationException">The database already has models.</exception>
    public async Task<(int Models, int Versions)> GenerateAsync(int models, int seed = 42, CancellationToken ct = default)
    {
        await using (var check = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await check.Models.AnyAsync(ct))
            {
                throw new InvalidOperationException("The database already has models; the synthetic portfolio goes into an empty database.");
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var random = new Random(seed);
        var versions = 0;
        const int chunk = 500;
        for (var start = 0; start < models; start += chunk)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = new List<(Model Model, List<Action<PortalDbContext, int>> After)>();
            for (var i = start; i < Math.Min(models, start + chunk); i++)
            {
                batch.Add(Build(random, i, now));
            }

            db.Models.AddRange(batch.Select(b => b.Model));
            await db.SaveChangesAsync(ct);
            // Rows that name the model by id (requests, stage changes, evaluations, alerts) once the ids exist.
            foreach (var (model, after) in batch)
            {
                foreach (var add in after)
                {
                    add(db, model.Id);
                }
            }

            await db.SaveChangesAsync(ct);
            versions += batch.Sum(b => b.Model.Versions.Count);
            logger.LogInformation("Synthetic portfolio: {Done} of {Models} models written.", Math.Min(models, start + chunk), models);
        }

        return (models, versions);
    }

    private static (Model, List<Action<PortalDbContext, int>>) Build(Random random, int index, DateTime now)
    {
        var created = now.AddDays(-random.Next(20, 900)).Date.AddHours(9);
        var owner = People[random.Next(People.Length)];
        var tier = (RiskTier)random.Next(3);
        var model = new Model
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"Synthetic model {index + 1:00000}"),
            Purpose = "Synthetic model for scale tests.",
            IntendedUse = "Benchmarks only.",
            BusinessUnit = Units[random.Next(Units.Length)],
            Owner = owner,
            Developers = [People[random.Next(People.Length)]],
            ModelType = random.NextDouble() < 0.85 ? ModelType.BinaryClassification : ModelType.Regression,
            RiskTier = tier,
            Tags = ["synthetic"],
            SensitiveAttributes = [],
            CreatedAt = created,
            CreatedBy = owner,
            UpdatedAt = created,
            UpdatedBy = owner,
        };
        var after = new List<Action<PortalDbContext, int>>();
        var count = random.Next(1, 10);
        var day = created;
        ModelVersion? champion = null;
        var championSince = DateTime.MinValue;
        for (var n = 1; n <= count; n++)
        {
            var version = model.AddVersion(new ModelVersion
            {
                Algorithm = Algorithms[random.Next(Algorithms.Length)],
                Language = (ModelLanguage)random.Next(3),
                Framework = "synthetic",
                ArtifactUri = string.Create(CultureInfo.InvariantCulture, $"s3://synthetic/{index}/v{n}/model.bin"),
                ArtifactSha256 = new string('a', 64),
                TrainingDataset = new TrainingDataset
                {
                    Name = string.Create(CultureInfo.InvariantCulture, $"synthetic_{index % 400}"),
                    Rows = random.Next(10, 500) * 1000L,
                    SnapshotDate = DateOnly.FromDateTime(day.AddDays(-random.Next(10, 90))),
                },
                CodeRepository = "https://git.example.com/synthetic",
                CodeCommit = "0123abcd",
                Features = [new VersionFeature { Ordinal = 0, Name = "income", Type = FeatureType.Numeric }],
                ParentVersion = n > 1 ? n - 1 : null,
                CreatedAt = day,
                CreatedBy = owner,
            });
            var number = version.Number;
            var asked = day.AddDays(random.Next(1, 30));
            var decided = asked.AddDays(random.Next(1, 20));
            if (decided > now)
            {
                version.Stage = asked > now ? VersionStage.Development : VersionStage.PendingValidation;
                if (asked <= now)
                {
                    after.Add((db, id) => db.Requests.Add(Request(id, number, RequestKind.Validation, asked, null, RequestStatus.Open, owner)));
                    after.Add((db, id) => db.StageChanges.Add(Change(id, number, VersionStage.Development, VersionStage.PendingValidation, asked, owner)));
                }
            }
            else if (random.NextDouble() < 0.2)
            {
                version.Stage = VersionStage.Rejected;
                after.Add((db, id) => db.Requests.Add(Request(id, number, RequestKind.Validation, asked, decided, RequestStatus.Rejected, owner)));
                after.Add((db, id) => db.StageChanges.Add(Change(id, number, VersionStage.PendingValidation, VersionStage.Rejected, decided, Validators[id % 3])));
            }
            else
            {
                version.Stage = VersionStage.Approved;
                after.Add((db, id) => db.Requests.Add(Request(id, number, RequestKind.Validation, asked, decided, RequestStatus.Approved, owner)));
                after.Add((db, id) => db.StageChanges.Add(Change(id, number, VersionStage.PendingValidation, VersionStage.Approved, decided, Validators[id % 3])));
                var promoteAsked = decided.AddDays(random.Next(1, 90));
                var promoted = promoteAsked.AddDays(random.Next(1, 10));
                if (promoted <= now && random.NextDouble() < 0.7)
                {
                    // Promoted as champion; the previous champion is retired at the same moment.
                    version.Stage = VersionStage.Production;
                    version.ProductionRole = ProductionRole.Champion;
                    if (champion is { } previous)
                    {
                        previous.Stage = VersionStage.Retired;
                        previous.ProductionRole = ProductionRole.None;
                        foreach (var live in previous.Deployments)
                        {
                            live.RemovedAt = promoted;
                            live.RemovedBy = owner;
                        }

                        var old = previous.Number;
                        after.Add((db, id) => db.StageChanges.Add(Change(id, old, VersionStage.Production, VersionStage.Retired, promoted, Validators[id % 3])));
                    }

                    after.Add((db, id) => db.Requests.Add(Request(id, number, champion is null ? RequestKind.Promotion : RequestKind.ChampionSwap, promoteAsked, promoted, RequestStatus.Approved, owner)));
                    after.Add((db, id) => db.StageChanges.Add(Change(id, number, VersionStage.Approved, VersionStage.Production, promoted, Validators[id % 3])));
                    version.Deployments.Add(new Deployment
                    {
                        Target = DeploymentTarget.RestEndpoint, Environment = "production", Endpoint = string.Create(CultureInfo.InvariantCulture, $"https://score.example.com/{index}/v{number}"),
                        DeployedAt = promoted.AddDays(1) > now ? promoted : promoted.AddDays(1), DeployedBy = owner,
                    });
                    champion = version;
                    championSince = promoted;
                }
            }

            // The next version comes a share of the model's remaining life later, so every model gets all its versions.
            day = day.AddDays(Math.Max(1, (now - day).TotalDays / (count - n + 1) * (0.4 + random.NextDouble() * 0.5)));
        }

        if (champion is not null)
        {
            // Monthly evaluations of the champion since its promotion, the last 24 months at most, uploaded 3 days after each month.
            var number = champion.Number;
            var first = new DateOnly(championSince.Year, championSince.Month, 1).AddMonths(1);
            var earliest = DateOnly.FromDateTime(now).AddMonths(-24);
            var monitored = random.NextDouble() < 0.9;
            for (var month = first < earliest ? new DateOnly(earliest.Year, earliest.Month, 1) : first; monitored && month.AddMonths(1).AddDays(3).ToDateTime(TimeOnly.MinValue) <= now; month = month.AddMonths(1))
            {
                var period = month;
                var failed = random.NextDouble() < 0.03;
                var auc = Math.Round(0.70 + random.NextDouble() * 0.15, 4);
                after.Add((db, id) => db.Evaluations.Add(new Evaluation
                {
                    ModelId = id, VersionNumber = number, Name = string.Create(CultureInfo.InvariantCulture, $"{period:yyyy-MM} batch"), PeriodStart = period,
                    PeriodEnd = period.AddMonths(1).AddDays(-1), RowCount = 5000, CreatedAt = period.AddMonths(1).AddDays(3).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                    CreatedBy = "scoring-pipeline", FairnessFailed = failed,
                    ResultJson = "{\"versions\":{\"" + number.ToString(CultureInfo.InvariantCulture) + "\":{\"count\":5000,\"auc\":" + auc.ToString(CultureInfo.InvariantCulture) + "}}}",
                }));
            }

            if (random.NextDouble() < 0.12)
            {
                var drift = random.NextDouble() < 0.5;
                after.Add((db, id) => db.Alerts.Add(new MonitoringAlert
                {
                    ModelId = id, VersionNumber = number, Kind = drift ? AlertKind.Drift : AlertKind.Performance, Metric = drift ? "psi" : "auc",
                    Feature = drift ? "income" : null, Level = AlertLevel.Alert, Direction = drift ? ThresholdDirection.Above : ThresholdDirection.Below,
                    Value = drift ? 0.3 : 0.6, Threshold = drift ? 0.25 : 0.65, RaisedAt = now.AddDays(-10), LastSeenAt = now.AddDays(-10), Status = AlertStatus.Open,
                }));
            }
        }

        model.UpdatedAt = model.Versions.Max(v => v.CreatedAt);
        return (model, after);
    }

    private static LifecycleRequest Request(int model, int version, RequestKind kind, DateTime asked, DateTime? closed, RequestStatus status, string by) => new()
    {
        ModelId = model, VersionNumber = version, Kind = kind, Justification = "Synthetic.", RequestedBy = by, RequestedAt = asked, Status = status,
        ClosedAt = closed, ClosedBy = closed is null ? null : Validators[model % 3], TargetRole = kind == RequestKind.Promotion ? ProductionRole.Champion : null,
        PreviousChampion = kind == RequestKind.ChampionSwap ? PreviousChampionFate.Retired : null,
    };

    private static StageChange Change(int model, int version, VersionStage from, VersionStage to, DateTime at, string by) => new()
    {
        ModelId = model, VersionNumber = version, FromStage = from, ToStage = to, ChangedBy = by, ChangedAt = at,
        ToRole = to == VersionStage.Production ? ProductionRole.Champion : ProductionRole.None,
    };
}
