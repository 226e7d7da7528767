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
