using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>Why someone may not decide on, or take back, a request.</summary>
public enum DecisionRefusal
{
    /// <summary>The request was already approved, rejected or withdrawn.</summary>
    NotOpen,

    /// <summary>Only validators decide.</summary>
    NotValidator,

    /// <summary>Separation of duties: nobody decides on their own request.</summary>
    OwnRequest,

    /// <summary>Separation of duties: nobody decides on a version they registered or a model they develop.</summary>
    OwnWork,

    /// <summary>One approval per validator: a second would count twice towards the approvals needed.</summary>
    AlreadyApproved,

    /// <summary>Approving a version whose fairness failed needs a written override.</summary>
    OverrideRequired,

    /// <summary>Only the requester takes a request back.</summary>
    NotRequester,
}

/// <summary>What a decision does to its request.</summary>
public enum DecisionOutcome
{
    /// <summary>The request is rejected; the version goes where rejection sends it.</summary>
    Rejected,

    /// <summary>An approval counted, and more are needed: nothing moves yet.</summary>
    ApprovalAdded,

    /// <summary>The last approval needed: the request is approved and the versions move.</summary>
    Approved,
}

/// <summary>The people a request names, which separation of duties judges by.</summary>
/// <param name="DevelopersAtRequest">The model's developers when the request was made (frozen on it).</param>
/// <param name="DevelopersNow">The model's developers now (someone added since is a developer too).</param>
public sealed record RequestParties(
    PersonRef Requester, PersonRef? Registrant, IEnumerable<PersonRef> DevelopersAtRequest, IEnumerable<PersonRef> DevelopersNow);

/// <summary>
/// Who may decide a request, how many approvals it needs, and the fairness gate, in one place beside
/// <see cref="StageMachine"/> (which says where versions go). Pure: the decide and withdraw use cases apply these
/// rules on the server whatever a page showed, and the pages ask the same rules whom to offer the buttons.
/// </summary>
public static class DecisionRules
{
    /// <summary>Approvals a request of a model in this risk tier needs: the policy's figure, at least one.</summary>
    public static int ApprovalsRequired(RiskTier tier, IReadOnlyDictionary<RiskTier, int> policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.TryGetValue(tier, out var n) && n > 0 ? n : 1;
    }

    /// <summary>
    /// Who may not decide: the requester, the version's registrant, the model's developers when the request was made
    /// and its developers now. People are compared by id where the record has one, by name where it does not.
    /// </summary>
    public static IReadOnlyList<PersonRef> Excluded(RequestParties parties)
    {
        ArgumentNullException.ThrowIfNull(parties);
        return [.. new[] { parties.Requester, parties.Registrant ?? new PersonRef(null, "") }
            .Concat(parties.DevelopersAtRequest).Concat(parties.DevelopersNow)
            .Where(x => x.Name.Trim().Length > 0 || x.HasId).DistinctBy(x => x.Key)];
    }

    /// <summary>Null when the actor may decide now (approve or reject); otherwise why not, the first reason that applies.</summary>
    /// <param name="excluded">From <see cref="Excluded"/>.</param>
    /// <param name="approvers">Who approved the request so far.</param>
    public static DecisionRefusal? MayDecide(Actor actor, RequestStatus status, PersonRef requester, IEnumerable<PersonRef> excluded, IEnumerable<PersonRef> approvers)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(excluded);
        ArgumentNullException.ThrowIfNull(approvers);
        return status != RequestStatus.Open ? DecisionRefusal.NotOpen
            : !actor.Roles.Contains(PortalRoles.Validator) ? DecisionRefusal.NotValidator
            : actor.Is(requester) ? DecisionRefusal.OwnRequest
            : excluded.Any(actor.Is) ? DecisionRefusal.OwnWork
            : approvers.Any(actor.Is) ? DecisionRefusal.AlreadyApproved
            : null;
    }

    /// <summary>Null when this decision may be recorded as given; an approval of a fairness fail needs an override justification.</summary>
    public static DecisionRefusal? CheckFairnessGate(DecisionKind kind, bool fairnessFailed, string? overrideJustification) =>
        OverridesFairness(kind, fairnessFailed) && string.IsNullOrWhiteSpace(overrideJustification) ? DecisionRefusal.OverrideRequired : null;

    /// <summary>Whether this decision overrides a failed fairness check (its justification is then kept and audited on its own).</summary>
    public static bool OverridesFairness(DecisionKind kind, bool fairnessFailed) => kind == DecisionKind.Approve && fairnessFailed;

    /// <summary>What the decision does, given the approvals counted with it.</summary>
    /// <param name="approvals">Approvals on the request including this decision.</param>
    public static DecisionOutcome Outcome(DecisionKind kind, int approvals, int required) =>
        kind == DecisionKind.Reject ? DecisionOutcome.Rejected
        : approvals < required ? DecisionOutcome.ApprovalAdded
        : DecisionOutcome.Approved;

    /// <summary>Null when the actor may take the request back: only its requester, only while it is open.</summary>
    public static DecisionRefusal? MayWithdraw(Actor actor, RequestStatus status, PersonRef requester)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return status != RequestStatus.Open ? DecisionRefusal.NotOpen
            : !actor.Is(requester) ? DecisionRefusal.NotRequester
            : null;
    }
}
