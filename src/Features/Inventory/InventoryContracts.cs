using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Features.Inventory;

// Inputs are mutable classes so that the forms can bind to them; the API deserializes the same types,
// and InputValidator applies the same annotations (and messages) to both. Messages live in
// InventoryMessages.resx: {0} is the field, {1} the limit.

public sealed class ModelInput
{
    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.NameRequired))]
    [StringLength(FieldLimits.Name, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.NameTooLong))]
    public string? Name { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.PurposeRequired))]
    [StringLength(FieldLimits.LongText, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.LongTextTooLong))]
    public string? Purpose { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.IntendedUseRequired))]
    [StringLength(FieldLimits.LongText, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.LongTextTooLong))]
    public string? IntendedUse { get; set; }

    [StringLength(FieldLimits.LongText, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.LongTextTooLong))]
    public string? Limitations { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.BusinessUnitRequired))]
    [StringLength(FieldLimits.ShortText, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ShortTextTooLong))]
    public string? BusinessUnit { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.OwnerRequired))]
    [StringLength(FieldLimits.ShortText, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ShortTextTooLong))]
    public string? Owner { get; set; }

    [ListItems(FieldLimits.ListItem)]
    public List<string> Developers { get; set; } = [];

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ModelTypeRequired))]
    public ModelType? ModelType { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.RiskTierRequired))]
    public RiskTier? RiskTier { get; set; }

    [ListItems(FieldLimits.ListItem)]
    public List<string> Tags { get; set; } = [];

    [ListItems(FieldLimits.ListItem, MaxCount = SetSensitiveAttributes.MaxSensitiveAttributes)]
    public List<string> SensitiveAttributes { get; set; } = [];

    public DateOnly? NextValidationDue { get; set; }
}

/// <summary>Where and how a version went live: recorded by the pipeline or the person that deployed it.</summary>
public sealed class DeploymentInput
{
    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.DeploymentTargetRequired))]
    public DeploymentTarget? Target { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.DeploymentEnvironmentRequired))]
    [StringLength(50, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ShortTextTooLong))]
    public string? Environment { get; set; }

    /// <summary>The URL, table, topic or job the version runs behind.</summary>
    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.DeploymentEndpointRequired))]
    [StringLength(FieldLimits.Uri, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.UriTooLong))]
    public string? Endpoint { get; set; }

    /// <summary>When it went live (UTC); now when omitted. Not in the future.</summary>
    public DateTime? DeployedAt { get; set; }
}

public sealed class VersionInput
{
    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.AlgorithmRequired))]
    [StringLength(FieldLimits.ShortText, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ShortTextTooLong))]
    public string? Algorithm { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.LanguageRequired))]
    public ModelLanguage? Language { get; set; }

    [StringLength(FieldLimits.ShortText, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ShortTextTooLong))]
    public string? Framework { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ArtifactUriRequired))]
    [StringLength(FieldLimits.Uri, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.UriTooLong))]
    [AbsoluteUri]
    public string? ArtifactUri { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ArtifactSha256Required))]
    [Sha256]
    public string? ArtifactSha256 { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.TrainingDatasetRequired))]
    public DatasetInput? TrainingDataset { get; set; } = new();

    [StringLength(FieldLimits.Uri, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.UriTooLong))]
    public string? CodeRepository { get; set; }

    [RegularExpression("^[0-9a-fA-F]{7,64}$", ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.CodeCommitInvalid))]
    public string? CodeCommit { get; set; }

    /// <summary>Any JSON object; kept verbatim.</summary>
    public JsonObject? Hyperparameters { get; set; }

    [UniqueFeatureNames]
    public List<FeatureInput> Features { get; set; } = [];

    [Range(1, int.MaxValue, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ParentVersionInvalid))]
    public int? ParentVersion { get; set; }
}

public sealed class DatasetInput
{
    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.DatasetNameRequired))]
    [StringLength(FieldLimits.Name, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ShortTextTooLong))]
    public string? Name { get; set; }

    [StringLength(FieldLimits.Uri, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.UriTooLong))]
    [AbsoluteUri]
    public string? Uri { get; set; }

    [Sha256]
    public string? Sha256 { get; set; }

    [Range(0, long.MaxValue, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.RowsNotNegative))]
    public long? Rows { get; set; }

    public DateOnly? SnapshotDate { get; set; }
}

public sealed class FeatureInput
{
    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.FeatureNameRequired))]
    [StringLength(FieldLimits.ShortText, ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.ShortTextTooLong))]
    public string? Name { get; set; }

    [Required(ErrorMessageResourceType = typeof(InventoryMessages), ErrorMessageResourceName = nameof(InventoryMessages.FeatureTypeRequired))]
    public FeatureType? Type { get; set; }
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
            : new ValidationResult(InventoryMessages.Format(InventoryMessages.FeatureListedTwice, duplicate.Key, duplicate.Count()),
                [validationContext.MemberName!]);
    }
}

// Outputs.

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
    IReadOnlyList<DeploymentDetails> Deployments,
    bool WithoutChampion = false,
    string? OwnerId = null,
    IReadOnlyList<string>? DeveloperIds = null)
{
    /// <summary>Whether the owner is linked to a sign-in: owner rights go by id, so an unlinked owner has none yet.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool OwnerLinked => !string.IsNullOrEmpty(OwnerId);
}

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
    IReadOnlyList<DeploymentDetails> Deployments,
    IReadOnlyList<TrainingMetricDetails> TrainingMetrics,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>A figure measured at training time, on one split of the data.</summary>
public sealed record TrainingMetricDetails(string Name, DatasetSplit Split, double Value, DateTime RecordedAt, string RecordedBy);

/// <summary>One training-time figure to record: its name (for example auc, ks, rmse), the split it was measured on and its value.</summary>
public sealed record TrainingMetricInput(string? Name, DatasetSplit? Split, double? Value);

/// <summary>Training-time figures to record on a version, at most <see cref="RecordTrainingMetrics.MaxPerRequest"/> at once.</summary>
public sealed record TrainingMetricsInput(IReadOnlyList<TrainingMetricInput>? Metrics);

/// <summary>A version's tags, replaced as a whole (keys of letters, digits and <c>_ . - : /</c>).</summary>
public sealed record VersionTagsInput(IReadOnlyDictionary<string, string>? Tags);

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
