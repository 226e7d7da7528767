using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Infrastructure.DemoData;

/// <summary>
/// A deterministic, realistic portfolio for demos and tests: 40 models across credit risk, fraud, churn,
/// marketing, pricing and collections, 1–6 versions each, stages spread over the lifecycle and deployment
/// history over the 24 months before <c>now</c>. The same seed and date always build the same portfolio.
/// </summary>
public static class DemoPortfolio
{
    private sealed record Domain(string BusinessUnit, string Tag, string[] Features, string[] Sensitive, string[] Owners);

    private static readonly Domain Credit = new("Retail Credit", "credit-risk",
        ["income", "utilization", "tenure_months", "delinquencies_12m", "debt_to_income", "region", "product"],
        ["gender", "age_band", "race"], ["Hana Kim", "Daniel Okafor"]);
    private static readonly Domain Fraud = new("Payments Fraud", "fraud",
        ["amount", "merchant_category", "txn_velocity_1h", "device_age_days", "geo_distance_km", "channel"],
        ["age_band"], ["Priya Raman", "Tomás Silva"]);
    private static readonly Domain Churn = new("Customer Analytics", "churn",
        ["tenure_months", "products_held", "balance_trend_3m", "complaints_12m", "digital_logins_30d", "segment"],
        ["gender", "age_band"], ["Ji-woo Park", "Emma Laurent"]);
    private static readonly Domain Marketing = new("Marketing", "marketing",
        ["recency_days", "frequency_12m", "monetary_12m", "email_opens_90d", "segment", "channel_preference"],
        ["gender", "age_band"], ["Lucas Meyer", "Ji-woo Park"]);
    private static readonly Domain Pricing = new("Insurance Pricing", "pricing",
        ["vehicle_age", "driver_age", "annual_mileage", "postcode_risk", "claims_5y", "cover_type"],
        ["gender", "age_band"], ["Sofia Rossi", "Min-jun Lee"]);
    private static readonly Domain Collections = new("Collections", "collections",
        ["days_past_due", "balance", "payment_ratio_3m", "contact_attempts", "income_band", "region"],
        ["age_band", "income_band"], ["Aisha Bello", "Daniel Okafor"]);

    private static readonly (string Name, Domain Domain, ModelType Type, RiskTier Tier)[] Catalogue =
    [
        ("Retail PD scorecard", Credit, ModelType.BinaryClassification, RiskTier.High),
        ("Mortgage PD model", Credit, ModelType.BinaryClassification, RiskTier.High),
        ("Credit card LGD model", Credit, ModelType.Regression, RiskTier.High),
        ("SME PD model", Credit, ModelType.BinaryClassification, RiskTier.High),
        ("Auto loan application score", Credit, ModelType.BinaryClassification, RiskTier.Medium),
        ("Commercial EAD model", Credit, ModelType.Regression, RiskTier.High),
        ("Cards behavioural score", Credit, ModelType.BinaryClassification, RiskTier.Medium),
        ("IFRS 9 stage allocation", Credit, ModelType.BinaryClassification, RiskTier.High),
        ("Trade finance default", Credit, ModelType.BinaryClassification, RiskTier.Medium),
        ("Card transaction fraud", Fraud, ModelType.BinaryClassification, RiskTier.High),
        ("Account takeover detector", Fraud, ModelType.BinaryClassification, RiskTier.High),
        ("Application fraud screen", Fraud, ModelType.BinaryClassification, RiskTier.Medium),
        ("Merchant risk score", Fraud, ModelType.BinaryClassification, RiskTier.Medium),
        ("Mobile payments anomaly", Fraud, ModelType.BinaryClassification, RiskTier.Low),
        ("Insurance claims fraud", Fraud, ModelType.BinaryClassification, RiskTier.Medium),
        ("AML alert triage", Fraud, ModelType.BinaryClassification, RiskTier.High),
        ("Retail banking churn", Churn, ModelType.BinaryClassification, RiskTier.Low),
        ("Credit card attrition", Churn, ModelType.BinaryClassification, RiskTier.Low),
        ("Savings attrition", Churn, ModelType.BinaryClassification, RiskTier.Low),
        ("Policy lapse propensity", Churn, ModelType.BinaryClassification, RiskTier.Medium),
        ("Wealth client churn", Churn, ModelType.BinaryClassification, RiskTier.Low),
        ("Digital engagement drop-off", Churn, ModelType.BinaryClassification, RiskTier.Low),
        ("Next best offer - cards", Marketing, ModelType.BinaryClassification, RiskTier.Low),
        ("Mortgage cross-sell propensity", Marketing, ModelType.BinaryClassification, RiskTier.Low),
        ("Campaign response uplift", Marketing, ModelType.BinaryClassification, RiskTier.Low),
        ("Email open propensity", Marketing, ModelType.BinaryClassification, RiskTier.Low),
        ("Customer lifetime value", Marketing, ModelType.Regression, RiskTier.Medium),
        ("Credit limit increase response", Marketing, ModelType.BinaryClassification, RiskTier.Medium),
        ("Insurance upsell propensity", Marketing, ModelType.BinaryClassification, RiskTier.Low),
        ("Motor pure premium", Pricing, ModelType.Regression, RiskTier.High),
        ("Home claim severity", Pricing, ModelType.Regression, RiskTier.Medium),
        ("Deposit rate elasticity", Pricing, ModelType.Regression, RiskTier.Medium),
        ("SME loan pricing", Pricing, ModelType.Regression, RiskTier.High),
        ("Travel claim frequency", Pricing, ModelType.Regression, RiskTier.Low),
        ("Early delinquency roll rate", Collections, ModelType.BinaryClassification, RiskTier.Medium),
        ("Collections contact propensity", Collections, ModelType.BinaryClassification, RiskTier.Low),
        ("Recovery amount forecast", Collections, ModelType.Regression, RiskTier.Medium),
        ("Promise-to-pay keeper", Collections, ModelType.BinaryClassification, RiskTier.Low),
        ("Hardship risk screen", Collections, ModelType.BinaryClassification, RiskTier.Medium),
        ("Cure rate model", Collections, ModelType.BinaryClassification, RiskTier.Medium),
    ];

    private static readonly (ModelLanguage Language, string Framework, string[] Algorithms)[] Toolchains =
    [
        (ModelLanguage.Python, "scikit-learn 1.5", ["Logistic regression", "Random forest", "Gradient boosting"]),
        (ModelLanguage.Python, "XGBoost 2.1", ["XGBoost"]),
        (ModelLanguage.Python, "LightGBM 4.5", ["LightGBM"]),
        (ModelLanguage.Python, "PyTorch 2.4", ["Feed-forward neural network"]),
        (ModelLanguage.R, "R 4.4 / glmnet", ["Elastic net", "Logistic regression"]),
        (ModelLanguage.R, "R 4.4 / ranger", ["Random forest"]),
        (ModelLanguage.SAS, "SAS Viya 4", ["Logistic regression", "Decision tree", "Gradient boosting"]),
        (ModelLanguage.Scala, "Spark MLlib 3.5", ["Gradient-boosted trees", "Logistic regression"]),
        (ModelLanguage.Java, "H2O 3.46", ["GBM", "Distributed random forest"]),
        (ModelLanguage.CSharp, "ML.NET 4.0", ["FastTree", "SDCA logistic regression"]),
    ];

    private static readonly string[] Developers = ["Hana Kim", "Daniel Okafor", "Priya Raman", "Tomás Silva", "Ji-woo Park", "Emma Laurent",
        "Lucas Meyer", "Sofia Rossi", "Min-jun Lee", "Aisha Bello", "Noah Fischer", "Yuna Choi"];

    /// <summary>Builds the portfolio; the caller adds it to a context and saves.</summary>
    public static IReadOnlyList<Model> Build(DateTime nowUtc, int seed = 20261128)
    {
        var random = new Random(seed);
        var models = new List<Model>(Catalogue.Length);
        var index = 0;
        foreach (var (name, domain, type, tier) in Catalogue)
        {
            models.Add(BuildModel(random, nowUtc, index++, name, domain, type, tier));
        }

        return models;
    }

    private static Model BuildModel(Random random, DateTime now, int index, string name, Domain domain, ModelType type, RiskTier tier)
    {
        // Registered between 22 and 2 months ago, so that all deployment history lies in the last 24 months.
        var created = now.AddDays(-random.Next(60, 660)).Date.AddHours(8 + random.Next(10));
        var owner = domain.Owners[random.Next(domain.Owners.Length)];
        var team = Developers.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
        var purpose = type == ModelType.Regression
            ? $"Estimates the {name.ToLowerInvariant()} value used by {domain.BusinessUnit} to set prices, limits and provisions."
            : $"Ranks cases by the likelihood of the outcome behind '{name}' so that {domain.BusinessUnit} can act on the riskiest first.";
        var model = new Model
        {
            Name = name,
            Purpose = purpose,
            IntendedUse = $"Decision support for {domain.BusinessUnit} analysts and automated strategies; not for use outside the portfolio it was developed on.",
            Limitations = "Trained on data from before the latest product changes; performance on new segments is unproven and must be monitored.",
            BusinessUnit = domain.BusinessUnit,
            Owner = owner,
            OwnerId = DemoPeople.IdOf(owner),
            Developers = team,
            DeveloperIds = DemoPeople.IdsOf(team),
            ModelType = type,
            RiskTier = tier,
            Tags = [domain.Tag, type == ModelType.Regression ? "regression" : "classification"],
            SensitiveAttributes = [.. domain.Sensitive],
            CreatedAt = created,
            CreatedBy = owner,
            UpdatedAt = created,
            UpdatedBy = owner,
        };

        var fate = (index * 7 + random.Next(10)) % 10; // 0-5 in production, 6-7 never deployed, 8 retired, 9 rejected latest
        var versionCount = random.Next(1, 7);
        var toolchain = Toolchains[random.Next(Toolchains.Length)];
        var versionDate = created;
        var span = (now - created).TotalDays;
        for (var n = 1; n <= versionCount; n++)
        {
            // Sometimes a team moves to another language between versions.
            if (n > 1 && random.NextDouble() < 0.2)
            {
                toolchain = Toolchains[random.Next(Toolchains.Length)];
            }

            var features = domain.Features.Take(random.Next(4, domain.Features.Length + 1)).ToList();
            // A model's training data keeps its name and gets a new snapshot per version; every fourth model trains on
            // its domain's shared feature store, and now and then a version is retrained on its parent's snapshot
            // (decided from the indices, not the random sequence, so the rest of the portfolio stays as it was).
            var datasetName = index % 4 == 0 ? $"{Slug(domain.Tag)}_feature-store" : $"{Slug(domain.Tag)}_{Slug(name)}";
            var snapshot = new TrainingDataset
            {
                Name = datasetName,
                Uri = $"s3://modelops-data/{Slug(domain.Tag)}/{datasetName}/{versionDate:yyyyMM}.parquet",
                Sha256 = Sha256Hex($"{datasetName}/{versionDate:yyyyMMdd}"),
                Rows = random.Next(20, 900) * 1000L,
                SnapshotDate = DateOnly.FromDateTime(versionDate.AddDays(-random.Next(10, 60))),
            };
            if (n > 1 && (index + n) % 3 == 0)
            {
                var parent = model.Versions[^1].TrainingDataset;
                snapshot = new TrainingDataset { Name = parent.Name, Uri = parent.Uri, Sha256 = parent.Sha256, Rows = parent.Rows, SnapshotDate = parent.SnapshotDate };
            }

            var version = new ModelVersion
            {
                Algorithm = toolchain.Algorithms[random.Next(toolchain.Algorithms.Length)],
                Language = toolchain.Language,
                Framework = toolchain.Framework,
                ArtifactUri = $"s3://modelops-artifacts/{Slug(name)}/v{n}/model.{Extension(toolchain.Language)}",
                ArtifactSha256 = Sha256Hex($"{name}/v{n}/artifact"),
                TrainingDataset = snapshot,
                CodeRepository = $"https://git.example.com/analytics/{Slug(name)}",
                CodeCommit = Sha256Hex($"{name}/v{n}/commit")[..40],
                HyperparametersJson = Hyperparameters(random, toolchain.Algorithms[0]).ToJsonString(),
                Features = features.Select((f, i) => new VersionFeature
                {
                    Ordinal = i,
                    Name = f,
                    Type = IsCategorical(f) ? FeatureType.Categorical : FeatureType.Numeric,
                }).ToList(),
                ParentVersion = n > 1 ? n - 1 : null,
                CreatedAt = versionDate,
                CreatedBy = team[random.Next(team.Count)],
            };
            version.CreatedById = DemoPeople.IdOf(version.CreatedBy);
            model.AddVersion(version);
            versionDate = versionDate.AddMinutes(Math.Round(Math.Max(5, span / (versionCount + 1) * (0.6 + random.NextDouble() * 0.6)) * 24 * 60));
            if (versionDate > now.AddDays(-3))
            {
                versionDate = now.AddDays(-3 - random.Next(3));
            }
        }

        AssignStages(random, model, fate, now);
        model.UpdatedAt = model.Versions.Max(v => v.CreatedAt);
        // Policy: revalidate High yearly, Medium every 2 years, Low every 3, counted from the last approval.
        model.NextValidationDue = DateOnly.FromDateTime(model.UpdatedAt.AddMonths(tier switch { RiskTier.High => 12, RiskTier.Medium => 24, _ => 36 }));
        return model;
    }

    private static void AssignStages(Random random, Model model, int fate, DateTime now)
    {
        var versions = model.Versions.OrderBy(v => v.Number).ToList();
        var last = versions[^1];
        switch (fate)
        {
            case 6 or 7:
                // Never deployed: earlier versions rejected or retired in development, latest under way.
                foreach (var v in versions.SkipLast(1))
                {
                    v.Stage = random.NextDouble() < 0.5 ? VersionStage.Rejected : VersionStage.Retired;
                }

                last.Stage = (VersionStage)random.Next(0, 3); // Development, PendingValidation or Approved
                return;
            case 8:
                // A retired model: it ran, then the business use ended.
                foreach (var v in versions)
                {
                    v.Stage = VersionStage.Retired;
                }

                var retiredRun = versions[^1];
                var start = retiredRun.CreatedAt.AddDays(30);
                var end = Min(start.AddDays(random.Next(60, 300)), now.AddDays(-7));
                Deploy(random, retiredRun, start, end > start ? end : null);
                return;
        }

        // In production: the champion is the latest approved version; older production versions were retired.
        var championIndex = versions.Count == 1 || fate == 9 || random.NextDouble() < 0.5 ? versions.Count - 1 : versions.Count - 2;
        if (fate == 9 && versions.Count > 1)
        {
            championIndex = versions.Count - 2;
            last.Stage = VersionStage.Rejected;
        }
        else if (championIndex < versions.Count - 1)
        {
            last.Stage = random.NextDouble() < 0.5 ? VersionStage.PendingValidation : VersionStage.Development;
        }

        for (var i = 0; i < championIndex; i++)
        {
            versions[i].Stage = VersionStage.Retired;
        }

        var champion = versions[championIndex];
        champion.Stage = VersionStage.Production;
        champion.ProductionRole = ProductionRole.Champion;

        // Now and then the previous version still runs in parallel as a challenger.
        if (championIndex > 0 && random.NextDouble() < 0.3)
        {
            versions[championIndex - 1].Stage = VersionStage.Production;
            versions[championIndex - 1].ProductionRole = ProductionRole.Challenger;
        }

        // Deployment history: each version that reached production ran from 30 days after it was built
        // until the next one replaced it.
        DateTime? replacedAt = null;
        for (var i = championIndex; i >= 0; i--)
        {
            var v = versions[i];
            if (i < championIndex - 1 && random.NextDouble() < 0.3)
            {
                continue; // retired without ever running
            }

            var deployed = Min(v.CreatedAt.AddDays(20 + random.Next(40)), now.AddDays(-1));
            var removed = v.Stage == VersionStage.Retired ? replacedAt ?? Min(deployed.AddDays(120), now.AddDays(-1)) : (DateTime?)null;
            Deploy(random, v, deployed, removed);
            replacedAt = deployed;
        }
    }

    private static void Deploy(Random random, ModelVersion version, DateTime deployed, DateTime? removed)
    {
        var target = (DeploymentTarget)random.Next(0, 5);
        var who = version.CreatedBy;
        version.Deployments.Add(new Deployment
        {
            Target = target,
            Environment = "production",
            Endpoint = target switch
            {
                DeploymentTarget.RestEndpoint => $"https://scoring.example.com/{Slug(version.Model?.Name ?? "model")}/v{version.Number}",
                DeploymentTarget.InDatabase => $"sqlserver://dwh/scoring.score_v{version.Number}",
                DeploymentTarget.Batch => $"airflow://dags/score_v{version.Number}",
                DeploymentTarget.Streaming => $"kafka://scoring-events/v{version.Number}",
                _ => $"edge://fleet/model-v{version.Number}",
            },
            DeployedAt = deployed,
            DeployedBy = who,
            RemovedAt = removed,
            RemovedBy = removed is null ? null : who,
        });
    }

    private static JsonObject Hyperparameters(Random random, string algorithm) => algorithm switch
    {
        "Logistic regression" or "Elastic net" or "SDCA logistic regression" => new JsonObject
        {
            ["C"] = Math.Round(0.01 + random.NextDouble() * 2, 3),
            ["penalty"] = random.NextDouble() < 0.5 ? "l2" : "elasticnet",
            ["max_iter"] = 1000,
        },
        "Feed-forward neural network" => new JsonObject
        {
            ["hidden_layers"] = new JsonArray(128, 64),
            ["dropout"] = Math.Round(0.1 + random.NextDouble() * 0.3, 2),
            ["learning_rate"] = 0.001,
            ["epochs"] = random.Next(10, 60),
        },
        _ => new JsonObject
        {
            ["n_estimators"] = random.Next(2, 12) * 100,
            ["max_depth"] = random.Next(3, 9),
            ["learning_rate"] = Math.Round(0.01 + random.NextDouble() * 0.2, 3),
            ["subsample"] = Math.Round(0.6 + random.NextDouble() * 0.4, 2),
        },
    };

    private static bool IsCategorical(string feature) =>
        feature is "region" or "product" or "merchant_category" or "channel" or "segment" or "channel_preference" or "cover_type" or "income_band";

    private static string Extension(ModelLanguage language) => language switch
    {
        ModelLanguage.Python => "pkl",
        ModelLanguage.R => "rds",
        ModelLanguage.SAS => "sas7bcat",
        ModelLanguage.CSharp => "zip",
        _ => "mojo",
    };

    private static string Slug(string text) =>
        new string(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Replace("--", "-", StringComparison.Ordinal).Trim('-');

    private static string Sha256Hex(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLower(CultureInfo.InvariantCulture);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
