namespace ModelOpsPortal.Domain;

public enum ModelType
{
    BinaryClassification,
    Regression,
}

public enum RiskTier
{
    High,
    Medium,
    Low,
}

public enum ModelLanguage
{
    Python,
    R,
    SAS,
    Scala,
    Java,
    CSharp,
    Other,
}

public enum FeatureType
{
    Numeric,
    Categorical,
}

/// <summary>Lifecycle stage of a version. The allowed transitions arrive with the approvals workflow.</summary>
public enum VersionStage
{
    Development,
    PendingValidation,
    Approved,
    Production,
    Retired,
    Rejected,
}

public enum ProductionRole
{
    None,
    Champion,
    Challenger,
}

public enum DeploymentTarget
{
    RestEndpoint,
    InDatabase,
    Batch,
    Streaming,
    EdgeDevice,
}
