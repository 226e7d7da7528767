using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Features.Inventory;

// Inputs are mutable classes so that the forms can bind to them; the API deserializes the same types,
// and InputValidator applies the same annotations (and messages) to both.

public sealed class ModelInput
{
    [Required(ErrorMessage = "Name is required: give the model a unique, descriptive name such as 'Retail PD scorecard'.")]
    [StringLength(FieldLimits.Name, ErrorMessage = "Name must be at most {1} characters; shorten it.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Purpose is required: say in a sentence what business decision the model supports.")]
    [StringLength(FieldLimits.LongText, ErrorMessage = "Purpose must be at most {1} characters.")]
    public string? Purpose { get; set; }

    [Required(ErrorMessage = "Intended use is required: say who uses the output, for which population and decisions.")]
    [StringLength(FieldLimits.LongText, ErrorMessage = "Intended use must be at most {1} characters.")]
    public string? IntendedUse { get; set; }

    [StringLength(FieldLimits.LongText, ErrorMessage = "Limitations must be at most {1} characters.")]
    public string? Limitations { get; set; }

    [Required(ErrorMessage = "Business unit is required, for example 'Retail Credit'.")]
    [StringLength(FieldLimits.ShortText, ErrorMessage = "Business unit must be at most {1} characters.")]
    public string? BusinessUnit { get; set; }

    [Required(ErrorMessage = "Owner is required: the accountable person's name or user id.")]
    [StringLength(FieldLimits.ShortText, ErrorMessage = "Owner must be at most {1} characters.")]
    public string? Owner { get; set; }

    [ListItems(FieldLimits.ListItem)]
    public List<string> Developers { get; set; } = [];

    [Required(ErrorMessage = "Model type is required: BinaryClassification or Regression.")]
    public ModelType? ModelType { get; set; }

    [Required(ErrorMessage = "Risk tier is required: High, Medium or Low, as your model-risk policy assigns it.")]
    public RiskTier? RiskTier { get; set; }

    [ListItems(FieldLimits.ListItem)]
    public List<string> Tags { get; set; } = [];

    [ListItems(FieldLimits.ListItem)]
    public List<string> SensitiveAttributes { get; set; } = [];

    public DateOnly? NextValidationDue { get; set; }
}

public sealed class VersionInput
{
    [Required(ErrorMessage = "Algorithm is required, for example 'XGBoost' or 'Logistic regression'.")]
    [StringLength(FieldLimits.ShortText, ErrorMessage = "Algorithm must be at most {1} characters.")]
    public string? Algorithm { get; set; }

    [Required(ErrorMessage = "Language is required: Python, R, SAS, Scala, Java, CSharp or Other.")]
    public ModelLanguage? Language { get; set; }

    [StringLength(FieldLimits.ShortText, ErrorMessage = "Framework must be at most {1} characters.")]
    public string? Framework { get; set; }

    [Required(ErrorMessage = "Artifact URI is required: where the trained artifact is stored, e.g. s3://models/pd/v3/model.pkl.")]
    [StringLength(FieldLimits.Uri, ErrorMessage = "Artifact URI must be at most {1} characters.")]
    [AbsoluteUri]
    public string? ArtifactUri { get; set; }

    [Required(ErrorMessage = "Artifact SHA-256 is required: 64 hexadecimal characters (sha256sum of the artifact).")]
    [Sha256]
    public string? ArtifactSha256 { get; set; }

    [Required(ErrorMessage = "Training dataset is required: at least its name.")]
    public DatasetInput? TrainingDataset { get; set; } = new();

    [StringLength(FieldLimits.Uri, ErrorMessage = "Code repository must be at most {1} characters.")]
    public string? CodeRepository { get; set; }

    [RegularExpression("^[0-9a-fA-F]{7,64}$", ErrorMessage = "Code commit must be a git commit hash: 7 to 64 hexadecimal characters.")]
    public string? CodeCommit { get; set; }

    /// <summary>Any JSON object; kept verbatim.</summary>
    public JsonObject? Hyperparameters { get; set; }

    [UniqueFeatureNames]
    public List<FeatureInput> Features { get; set; } = [];

    [Range(1, int.MaxValue, ErrorMessage = "Parent version must be an existing version number (1 or more), or left empty.")]
    public int? ParentVersion { get; set; }
}

public sealed class DatasetInput
{
    [Required(ErrorMessage = "Training dataset name is required, e.g. 'retail_applications_2024Q4'.")]
    [StringLength(FieldLimits.Name, ErrorMessage = "Training dataset name must be at most {1} characters.")]
    public string? Name { get; set; }

    [StringLength(FieldLimits.Uri, ErrorMessage = "Training dataset URI must be at most {1} characters.")]
    [AbsoluteUri]
    public string? Uri { get; set; }

    [Sha256]
    public string? Sha256 { get; set; }

    [Range(0, long.MaxValue, ErrorMessage = "Rows must be zero or a positive whole number.")]
    public long? Rows { get; set; }

    public DateOnly? SnapshotDate { get; set; }
}

public sealed class FeatureInput
{
    [Required(ErrorMessage = "Feature name is required: the column name as it appears in scoring data.")]
    [StringLength(FieldLimits.ShortText, ErrorMessage = "Feature name must be at most {1} characters.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Feature type is required: Numeric or Categorical.")]
    public FeatureType? Type { get; set; }
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class Sha256Attribute : RegularExpressionAttribute
{
    public Sha256Attribute() : base("^[0-9a-fA-F]{64}$") =>
        ErrorMessage = "A SHA-256 is exactly 64 hexadecimal characters (0-9, a-f), as printed by sha256sum.";
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class AbsoluteUriAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        return value is not string text || text.Length == 0 || Uri.TryCreate(text, UriKind.Absolute, out _)
            ? ValidationResult.Success
            : new ValidationResult(
                $"'{text}' is not an absolute URI; include the scheme, e.g. s3://bucket/path, https://host/path or file:///path.",
                [validationContext.MemberName!]);
    }
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class UniqueFeatureNamesAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var duplicate = (value as IEnumerable<FeatureInput> ?? [])
            .Where(f => !string.IsNullOrWhiteSpace(f.Name))
            .GroupBy(f => f.Name!.Trim(), StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? ValidationResult.Success
            : new ValidationResult($"Feature '{duplicate.Key}' is listed {duplicate.Count()} times; each feature name must be unique.",
                [validationContext.MemberName!]);
    }
}

// Outputs.

public sealed record ModelSummary(
    int Id,
    string Name,
    string BusinessUnit,
    string Owner,
    ModelType ModelType,
    RiskTier RiskTier,
    VersionStage? Stage,
    int? ChampionVersion,
    int ChallengerCount,
    int VersionCount,
    ModelLanguage? LatestLanguage,
    DateTime UpdatedAt,
    DateOnly? NextValidationDue);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize);

public sealed record ModelDetails(
    int Id,
    string Name,
    string Purpose,
    string IntendedUse,
    string Limitations,
    string BusinessUnit,
    string Owner,
    IReadOnlyList<string> Developers,
    ModelType ModelType,
    RiskTier RiskTier,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> SensitiveAttributes,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime UpdatedAt,
    string UpdatedBy,
    DateOnly? NextValidationDue,
    Guid ConcurrencyStamp,
    int? ChampionVersion,
    IReadOnlyList<VersionSummary> Versions,
    IReadOnlyList<DeploymentDetails> Deployments);

public sealed record VersionSummary(
    int Number,
    string Algorithm,
    ModelLanguage Language,
    string Framework,
    VersionStage Stage,
    ProductionRole ProductionRole,
    DateTime CreatedAt,
    string CreatedBy,
    int? ParentVersion);

public sealed record VersionDetails(
    int ModelId,
    string ModelName,
    int Number,
    string Algorithm,
    ModelLanguage Language,
    string Framework,
    string ArtifactUri,
    string ArtifactSha256,
    DatasetDetails TrainingDataset,
    string CodeRepository,
    string CodeCommit,
    JsonObject Hyperparameters,
    IReadOnlyList<FeatureDetails> Features,
    int? ParentVersion,
    DateTime CreatedAt,
    string CreatedBy,
    VersionStage Stage,
    ProductionRole ProductionRole,
    IReadOnlyList<DeploymentDetails> Deployments);

public sealed record DatasetDetails(string Name, string? Uri, string? Sha256, long? Rows, DateOnly? SnapshotDate);

public sealed record FeatureDetails(string Name, FeatureType Type);

public sealed record DeploymentDetails(
    int Id,
    int VersionNumber,
    DeploymentTarget Target,
    string Environment,
    string Endpoint,
    DateTime DeployedAt,
    string DeployedBy,
    DateTime? RemovedAt,
    string? RemovedBy);

public enum InventorySort
{
    Name,
    BusinessUnit,
    Owner,
    RiskTier,
    ModelType,
    Stage,
    VersionCount,
    UpdatedAt,
    NextValidationDue,
}

/// <summary>Filters shared by the inventory grid, the REST API and the CSV export.</summary>
public sealed record InventoryQuery
{
    public const int MaxPageSize = 200;

    /// <summary>Part of the name (case-insensitive).</summary>
    public string? Name { get; init; }
    public VersionStage? Stage { get; init; }
    public RiskTier? RiskTier { get; init; }
    public string? BusinessUnit { get; init; }
    public string? Owner { get; init; }
    /// <summary>Models with at least one version in this language.</summary>
    public ModelLanguage? Language { get; init; }
    public ModelType? ModelType { get; init; }
    public InventorySort Sort { get; init; } = InventorySort.Name;
    public bool Descending { get; init; }
    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
}
