using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Infrastructure.Audit;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>
/// A request as the API receives it. Kind: validation | promotion | champion-swap | retirement; role (promotion):
/// champion | challenger; previousChampion (swap, or promotion as champion): challenger | retired; successor and
/// acceptNoChampion (retiring the champion).
/// </summary>
public sealed record RequestInput(
    string? Kind, string? Justification, string? Role = null, string? PreviousChampion = null, int? Successor = null, bool? AcceptNoChampion = null);

/// <summary>A validator's decision: a mandatory comment, and the override justification when the fairness status failed.</summary>
public sealed record DecisionInput(string? Comment, string? FairnessOverride = null);

public sealed record DecisionView(DecisionKind Kind, string Decider, string Comment, string? FairnessOverride, DateTime DecidedAt, string? DeciderId = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public PersonRef DeciderRef => new(DeciderId, Decider);
}

public sealed record RequestView(
    int Id, int ModelId, string ModelName, RiskTier RiskTier, int Version, RequestKind Kind, string Justification,
    string RequestedBy, DateTime RequestedAt, RequestStatus Status,
    ProductionRole? Role, PreviousChampionFate? PreviousChampion, int? Successor, bool AcceptNoChampion,
    int ApprovalsRequired, int Approvals, bool FairnessFailed, DateTime? ClosedAt, string? ClosedBy,
    IReadOnlyList<DecisionView> Decisions, RequestEvidence? Evidence, IReadOnlyList<PersonRef> Excluded, string? RequestedById = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public PersonRef Requester => new(RequestedById, RequestedBy);

    /// <summary>Whether this person may decide now (<see cref="DecisionRules.MayDecide"/>: role, separation of duties, one approval each).</summary>
    public bool MayDecide(Actor actor) =>
        DecisionRules.MayDecide(actor, Status, Requester, Excluded, Decisions.Where(d => d.Kind == DecisionKind.Approve).Select(d => d.DeciderRef)) is null;

    public bool HasApproved(Actor actor) => Decisions.Any(d => d.Kind == DecisionKind.Approve && actor.Is(d.DeciderRef));

    public bool IsRequester(Actor actor) => actor.Is(Requester);
}

public sealed record StageChangeView(
    int Version, VersionStage FromStage, ProductionRole FromRole, VersionStage ToStage, ProductionRole ToRole,
    int? RequestId, RequestKind? RequestKind, string ChangedBy, DateTime ChangedAt);

/// <summary>How many validators must approve a request, per risk tier (section <c>Lifecycle</c>).</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    public Dictionary<RiskTier, int> ApprovalsRequired { get; set; } = new() { [RiskTier.High] = 2, [RiskTier.Medium] = 1, [RiskTier.Low] = 1 };

    public int ApprovalsFor(RiskTier tier) => DecisionRules.ApprovalsRequired(tier, ApprovalsRequired);
}

/// <summary>
/// Who was the champion of a model at a moment, since when, and the request and decisions that made it so (its evidence
/// is on the request). <see cref="Version"/> is null when no version held the role then.
/// </summary>
public sealed record ChampionAt(int ModelId, DateTime At, int? Version, DateTime? Since, RequestView? Request);
