using System.Text.Json.Serialization;

namespace ModelOpsPortal.Domain;

/// <summary>One trained artifact of a model.</summary>
public sealed class ModelVersion : IBelongsToModel
{
    public int Id { get; private set; }
    public int ModelId { get; set; }
    public Model? Model { get; set; }
    public int Number { get; set; }
    public string Algorithm { get; set; } = "";
    public ModelLanguage Language { get; set; }
    public string Framework { get; set; } = "";
    public string ArtifactUri { get; set; } = "";
    public string ArtifactSha256 { get; set; } = "";
    public TrainingDataset TrainingDataset { get; set; } = new();
    public string CodeRepository { get; set; } = "";
    public string CodeCommit { get; set; } = "";

    /// <summary>Hyperparameters as a JSON object, kept verbatim as the pipeline sent them.</summary>
    public string HyperparametersJson { get; set; } = "{}";

    public List<VersionFeature> Features { get; set; } = [];
    public int? ParentVersion { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    /// <summary>The registrant's stable id (separation of duties); null for versions registered before ids were kept.</summary>
    public string? CreatedById { get; set; }
    public VersionStage Stage { get; set; } = VersionStage.Development;
    public ProductionRole ProductionRole { get; set; } = ProductionRole.None;
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
    public List<Deployment> Deployments { get; } = [];

    /// <summary>Figures the pipeline measured when it trained this version; each recorded once.</summary>
    public List<TrainingMetric> TrainingMetrics { get; } = [];

    /// <summary>Labels anyone registering models may change (audited); not part of what the version is.</summary>
    public List<VersionTag> Tags { get; } = [];

    /// <summary>
    /// What the version is: the artifact, how it was built and from what. Fixed at registration; the database context
    /// refuses to save a change to any of them (a retrained model is a new version).
    /// </summary>
    public static IReadOnlyList<string> Identity { get; } =
    [
        nameof(Number), nameof(ModelId), nameof(Algorithm), nameof(Language), nameof(Framework), nameof(ArtifactUri), nameof(ArtifactSha256),
        nameof(CodeRepository), nameof(CodeCommit), nameof(HyperparametersJson), nameof(ParentVersion), nameof(CreatedAt), nameof(CreatedBy),
    ];
}

/// <summary>The part of the data a training-time figure was measured on; written on the wire as pipelines name them.</summary>
public enum DatasetSplit
{
    [JsonStringEnumMemberName("train")]
    Train,

    [JsonStringEnumMemberName("validation")]
    Validation,

    [JsonStringEnumMemberName("test")]
    Test,

    [JsonStringEnumMemberName("out-of-time")]
    OutOfTime,
}

/// <summary>A figure measured at training time (for example the validation AUC); recorded once and never changed.</summary>
public sealed class TrainingMetric
{
    public int Id { get; private set; }
    public int VersionId { get; set; }
    public string Name { get; set; } = "";
    public DatasetSplit Split { get; set; }
    public double Value { get; set; }
    public DateTime RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
}

/// <summary>A key and value on a version (for example "ticket": "MRM-1042"); editable, every change audited.</summary>
public sealed class VersionTag
{
    public int Id { get; private set; }
    public int VersionId { get; set; }
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>The data a version was trained on; stored with the version.</summary>
public sealed class TrainingDataset
{
    public string Name { get; set; } = "";
    public string? Uri { get; set; }
    public string? Sha256 { get; set; }
    public long? Rows { get; set; }
    public DateOnly? SnapshotDate { get; set; }
}

public sealed class VersionFeature
{
    public int Id { get; private set; }
    public int VersionId { get; set; }
    public int Ordinal { get; set; }
    public string Name { get; set; } = "";
    public FeatureType Type { get; set; }
}
