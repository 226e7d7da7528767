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

/// <summary>
/// A request for a stage change of a version, with its justification and the evidence frozen when it was made
/// (JSON, e.g. the champion/challenger comparison). The approval workflow decides it; a version has at most one
/// open request of a kind.
/// </summary>
public sealed class LifecycleRequest
{
    public int Id { get; private set; }
    public int ModelId { get; set; }
    public int VersionNumber { get; set; }
    public RequestKind Kind { get; set; }
    public string Justification { get; set; } = "";
    public string EvidenceJson { get; set; } = "{}";
    public string RequestedBy { get; set; } = "";
    public DateTime RequestedAt { get; set; }
    public RequestStatus Status { get; set; }
}
