using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;

namespace ModelOpsPortal.Tests.Support;

/// <summary>Valid inputs to start from; tests change the one field they are about.</summary>
public static class Inputs
{
    /// <summary>The API's JSON: camelCase, enums by name (it refuses numbers).</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json =
        new(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static ModelInput Model(string name = "Retail PD scorecard") => new()
    {
        Name = name,
        Purpose = "Ranks retail loan applicants by probability of default.",
        IntendedUse = "Application decisions for unsecured retail loans.",
        Limitations = "Not validated for small business lending.",
        BusinessUnit = "Retail Credit",
        Owner = "Hana Kim",
        Developers = ["Daniel Okafor"],
        ModelType = ModelType.BinaryClassification,
        RiskTier = RiskTier.High,
        Tags = ["credit-risk"],
        SensitiveAttributes = ["gender", "age_band"],
    };

    public static VersionInput Version(int? parent = null) => new()
    {
        Algorithm = "XGBoost",
        Language = ModelLanguage.Python,
        Framework = "xgboost 2.1",
        ArtifactUri = "s3://models/retail-pd/model.pkl",
        ArtifactSha256 = new string('a', 64),
        TrainingDataset = new DatasetInput { Name = "retail_applications_2025Q4", Rows = 120_000 },
        CodeRepository = "https://git.example.com/analytics/retail-pd",
        CodeCommit = "0123abcd",
        Features = [new FeatureInput { Name = "income", Type = FeatureType.Numeric }, new FeatureInput { Name = "region", Type = FeatureType.Categorical }],
        ParentVersion = parent,
    };
}
