using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Tests.Lifecycle;

/// <summary>
/// Who may decide a request and what a decision does, for every role and every relation a person can have to it
/// (the HTTP tests prove the same rules hold end to end; these name each case).
/// </summary>
public sealed class DecisionRulesTests
{
    private static readonly PersonRef Requester = new("id-hana", "Hana Kim");
    private static readonly PersonRef Registrant = new("id-daniel", "Daniel Okafor");
    private static readonly PersonRef DeveloperThen = new("id-ana", "Ana Lima");
    private static readonly PersonRef DeveloperNow = new("id-sam", "Sam Lee");
    private static readonly PersonRef EarlierApprover = new("id-marta", "Marta Nowak");

    /// <summary>How a person stands to the request.</summary>
    public enum Relation
    {
        Independent,
        Requester,
        Registrant,
        DeveloperWhenRequested,
        DeveloperAddedSince,
        ApprovedAlready,
    }

    private static readonly Dictionary<Relation, (string? Id, string Name)> People = new()
    {
        [Relation.Independent] = ("id-priya", "Priya Raman"),
        [Relation.Requester] = (Requester.Id, Requester.Name),
        [Relation.Registrant] = (Registrant.Id, Registrant.Name),
        [Relation.DeveloperWhenRequested] = (DeveloperThen.Id, DeveloperThen.Name),
        [Relation.DeveloperAddedSince] = (DeveloperNow.Id, DeveloperNow.Name),
        [Relation.ApprovedAlready] = (EarlierApprover.Id, EarlierApprover.Name),
    };

    private static IReadOnlyList<PersonRef> Excluded => DecisionRules.Excluded(new RequestParties(Requester, Registrant, [DeveloperThen], [DeveloperNow]));

    public static TheoryData<string[], Relation, DecisionRefusal?> EveryRoleAndRelation()
    {
        var data = new TheoryData<string[], Relation, DecisionRefusal?>();
        string[][] roleSets = [[], .. PortalRoles.All.Select(r => new[] { r }), [PortalRoles.DataScientist, PortalRoles.Validator], [.. PortalRoles.All]];
        foreach (var roles in roleSets)
        {
            foreach (var relation in Enum.GetValues<Relation>())
            {
                DecisionRefusal? expected = !roles.Contains(PortalRoles.Validator) ? DecisionRefusal.NotValidator
                    : relation switch
                    {
                        Relation.Requester => DecisionRefusal.OwnRequest,
                        Relation.Registrant or Relation.DeveloperWhenRequested or Relation.DeveloperAddedSince => DecisionRefusal.OwnWork,
                        Relation.ApprovedAlready => DecisionRefusal.AlreadyApproved,
                        _ => null,
                    };
                data.Add(roles, relation, expected);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRoleAndRelation))]
    public void Only_an_independent_validator_who_has_not_approved_yet_may_decide(string[] roles, Relation relation, DecisionRefusal? expected)
    {
        var (id, name) = People[relation];
        var actor = new Actor(name, roles, id);

        Assert.Equal(expected, DecisionRules.MayDecide(actor, RequestStatus.Open, Requester, Excluded, [EarlierApprover]));
    }

    [Theory]
    [InlineData(RequestStatus.Approved)]
    [InlineData(RequestStatus.Rejected)]
    [InlineData(RequestStatus.Withdrawn)]
    public void Nobody_decides_a_closed_request(RequestStatus status)
    {
        var validator = new Actor("Priya Raman", [PortalRoles.Validator], "id-priya");

        Assert.Equal(DecisionRefusal.NotOpen, DecisionRules.MayDecide(validator, status, Requester, Excluded, []));
        Assert.Equal(DecisionRefusal.NotOpen, DecisionRules.MayWithdraw(new Actor(Requester.Name, [], Requester.Id), status, Requester));
    }

    [Fact]
    public void People_are_matched_by_id_when_the_record_has_one_and_by_name_when_it_does_not()
    {
        // The provider renamed the requester: still the requester. A namesake with another id: someone else.
        Assert.Equal(DecisionRefusal.OwnRequest,
            DecisionRules.MayDecide(new Actor("H. Kim-Park", [PortalRoles.Validator], "id-hana"), RequestStatus.Open, Requester, Excluded, []));
        Assert.Null(DecisionRules.MayDecide(new Actor("Hana Kim", [PortalRoles.Validator], "id-another-hana"), RequestStatus.Open, Requester, Excluded, []));

        // A developer recorded before ids were kept is excluded by name, whatever id the actor now has.
        var byName = DecisionRules.Excluded(new RequestParties(Requester, null, [new PersonRef(null, "Old Hand")], []));
        Assert.Equal(DecisionRefusal.OwnWork,
            DecisionRules.MayDecide(new Actor("old hand", [PortalRoles.Validator], "id-old"), RequestStatus.Open, Requester, byName, []));
    }

    [Fact]
    public void The_excluded_list_names_each_person_once_and_skips_blanks()
    {
        var excluded = DecisionRules.Excluded(new RequestParties(Requester, new PersonRef(null, " "),
            [DeveloperThen, Requester, new PersonRef("id-ana", "Ana Lima-Souza")], [DeveloperThen, DeveloperNow]));

        Assert.Equal(["id:id-hana", "id:id-ana", "id:id-sam"], excluded.Select(p => p.Key));
    }

    [Theory]
    [InlineData(RiskTier.High, 2)]
    [InlineData(RiskTier.Medium, 1)]
    [InlineData(RiskTier.Low, 1)]
    public void A_risk_tier_needs_the_approvals_its_policy_sets(RiskTier tier, int expected)
    {
        var policy = new Dictionary<RiskTier, int> { [RiskTier.High] = 2, [RiskTier.Medium] = 1, [RiskTier.Low] = 1 };

        Assert.Equal(expected, DecisionRules.ApprovalsRequired(tier, policy));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_missing_or_nonsense_policy_still_needs_one_approval(int configured)
    {
        Assert.Equal(1, DecisionRules.ApprovalsRequired(RiskTier.High, new Dictionary<RiskTier, int>()));
        Assert.Equal(1, DecisionRules.ApprovalsRequired(RiskTier.Low, new Dictionary<RiskTier, int> { [RiskTier.Low] = configured }));
    }

    [Theory]
    [InlineData(DecisionKind.Reject, 0, 2, DecisionOutcome.Rejected)]
    [InlineData(DecisionKind.Reject, 1, 2, DecisionOutcome.Rejected)] // one approval then a rejection: rejected
    [InlineData(DecisionKind.Approve, 1, 2, DecisionOutcome.ApprovalAdded)]
    [InlineData(DecisionKind.Approve, 2, 2, DecisionOutcome.Approved)]
    [InlineData(DecisionKind.Approve, 1, 1, DecisionOutcome.Approved)]
    [InlineData(DecisionKind.Approve, 2, 3, DecisionOutcome.ApprovalAdded)]
    public void A_decision_rejects_at_once_and_approves_at_the_last_approval_needed(DecisionKind kind, int approvals, int required, DecisionOutcome expected) =>
        Assert.Equal(expected, DecisionRules.Outcome(kind, approvals, required));

    [Theory]
    [InlineData(DecisionKind.Approve, true, null, DecisionRefusal.OverrideRequired)]
    [InlineData(DecisionKind.Approve, true, "  ", DecisionRefusal.OverrideRequired)]
    [InlineData(DecisionKind.Approve, true, "Group B is 40 people; reviewed by hand.", null)]
    [InlineData(DecisionKind.Approve, false, null, null)]
    [InlineData(DecisionKind.Reject, true, null, null)] // rejecting a fairness fail needs no override
    public void Approving_a_fairness_fail_needs_a_written_override(DecisionKind kind, bool fairnessFailed, string? justification, DecisionRefusal? expected)
    {
        Assert.Equal(expected, DecisionRules.CheckFairnessGate(kind, fairnessFailed, justification));
        Assert.Equal(kind == DecisionKind.Approve && fairnessFailed, DecisionRules.OverridesFairness(kind, fairnessFailed));
    }

    [Theory]
    [InlineData(Relation.Requester, null)]
    [InlineData(Relation.Independent, DecisionRefusal.NotRequester)]
    [InlineData(Relation.Registrant, DecisionRefusal.NotRequester)]
    [InlineData(Relation.ApprovedAlready, DecisionRefusal.NotRequester)]
    public void Only_the_requester_takes_an_open_request_back_whatever_their_roles(Relation relation, DecisionRefusal? expected)
    {
        var (id, name) = People[relation];

        Assert.Equal(expected, DecisionRules.MayWithdraw(new Actor(name, [], id), RequestStatus.Open, Requester));
        Assert.Equal(expected, DecisionRules.MayWithdraw(new Actor(name, [.. PortalRoles.All], id), RequestStatus.Open, Requester));
    }
}
