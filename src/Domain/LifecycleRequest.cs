namespace ModelOpsPortal.Domain;

public enum RequestKind
{
    Validation,
    Promotion,
    ChampionSwap,
    Retirement,
}

public enum RequestStatus
{
    Open,
    Withdrawn,
    Approved,
    Rejected,
}

/// <summary>What becomes of the current champion when another version takes its place.</summary>
public enum PreviousChampionFate
{
    Challenger,
    Retired,
}

public enum DecisionKind
{
    Approve,
    Reject,
}

/// <summary>
/// A request for a stage change of a version, with its justification, its terms (the production role asked for, what
/// becomes of the old champion, a retiring champion's successor) and the evidence frozen when it was made (JSON: the
/// latest evaluation's metrics, the comparison with the champion, the fairness status). Validators decide it; a version
/// has at most one open request of a kind.
/// </summary>
public sealed class LifecycleRequest : IBelongsToModel
{
    public int Id { get; private set; }
    public int ModelId { get; set; }
    public int VersionNumber { get; set; }
    public RequestKind Kind { get; set; }
    public string Justification { get; set; } = "";
    public string EvidenceJson { get; set; } = "{}";
    public string RequestedBy { get; set; } = "";

    /// <summary>The requester's stable id; null for requests made before ids were kept.</summary>
    public string? RequestedById { get; set; }
    public DateTime RequestedAt { get; set; }
    public RequestStatus Status { get; set; }

    /// <summary>Promotion: the production role asked for.</summary>
    public ProductionRole? TargetRole { get; set; }

    /// <summary>Champion swap (or promotion as champion): what the current champion becomes.</summary>
    public PreviousChampionFate? PreviousChampion { get; set; }

    /// <summary>Retirement of the champion: the challenger that takes its place.</summary>
    public int? Successor { get; set; }

    /// <summary>Retirement of the champion without a successor, accepted explicitly.</summary>
    public bool AcceptNoChampion { get; set; }

    /// <summary>The model's risk tier when the request was made: a later edit of the model does not change this request.</summary>
    public RiskTier RiskTier { get; set; }

    /// <summary>
    /// The model's developers when the request was made. They may not decide it even if a later edit takes them off the
    /// model (separation of duties is judged on the facts the request was made under).
    /// </summary>
    public List<string> Developers { get; set; } = [];

    /// <summary>Their ids, position by position ("" where not known), frozen with them.</summary>
    public List<string> DeveloperIds { get; set; } = [];

    /// <summary>How many validators must approve (from the model's risk tier when the request was made).</summary>
    public int ApprovalsRequired { get; set; } = 1;

    /// <summary>Whether the version's latest evaluation failed a fairness rule when the request was made.</summary>
    public bool FairnessFailed { get; set; }

    /// <summary>When the request closed (decided or withdrawn) and by whom.</summary>
    public DateTime? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }

    /// <summary>
    /// Days from the request to its decision (approved or rejected, to the millisecond); null while open or when
    /// withdrawn. Computed by the database from <see cref="RequestedAt"/> and <see cref="ClosedAt"/>, and indexed with
    /// <see cref="Kind"/> so that the approval cycle-time percentiles are read at their ranks instead of row by row.
    /// </summary>
    public double? DecisionDays { get; private set; }

    /// <summary>Changed on every update, so two validators deciding at once cannot both succeed.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<RequestDecision> Decisions { get; } = [];
}

/// <summary>One validator's decision on a request. A fairness override is the justification for approving despite a fail.</summary>
public sealed class RequestDecision
{
    public int Id { get; private set; }
    public int RequestId { get; set; }
    public DecisionKind Kind { get; set; }
    public string Decider { get; set; } = "";

    /// <summary>The decider's stable id; null for decisions made before ids were kept.</summary>
    public string? DeciderId { get; set; }
    public string Comment { get; set; } = "";
    public string? FairnessOverride { get; set; }
    public DateTime DecidedAt { get; set; }
}

/// <summary>One change of a version's stage or production role, and the request that made it (the version's timeline).</summary>
public sealed class StageChange : IBelongsToModel
{
    public int Id { get; private set; }
    public int ModelId { get; set; }
    public int VersionNumber { get; set; }
    public VersionStage FromStage { get; set; }
    public ProductionRole FromRole { get; set; }
    public VersionStage ToStage { get; set; }
    public ProductionRole ToRole { get; set; }
    public int? RequestId { get; set; }
    public string ChangedBy { get; set; } = "";
    public DateTime ChangedAt { get; set; }
}
