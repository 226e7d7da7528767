using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Lifecycle;

namespace ModelOpsPortal.Tests.Lifecycle;

/// <summary>Every transition the lifecycle allows, and every one it refuses, from each stage.</summary>
public sealed class StageMachineTests
{
    private static VersionState V(int n, VersionStage stage, ProductionRole role = ProductionRole.None) => new(n, stage, role);

    public static TheoryData<VersionStage, ProductionRole, RequestKind[]> AllowedFromEachPlace => new()
    {
        { VersionStage.Development, ProductionRole.None, [RequestKind.Validation] },
        { VersionStage.PendingValidation, ProductionRole.None, [] },
        { VersionStage.Approved, ProductionRole.None, [RequestKind.Promotion, RequestKind.Retirement] },
        { VersionStage.Production, ProductionRole.Challenger, [RequestKind.ChampionSwap, RequestKind.Retirement] },
        { VersionStage.Production, ProductionRole.Champion, [RequestKind.Retirement] },
        { VersionStage.Retired, ProductionRole.None, [] },
        { VersionStage.Rejected, ProductionRole.None, [] },
    };

    [Theory]
    [MemberData(nameof(AllowedFromEachPlace))]
    public void Each_place_allows_exactly_its_requests_and_refuses_the_others_naming_the_allowed_ones(VersionStage stage, ProductionRole role, RequestKind[] allowed)
    {
        var version = V(2, stage, role);
        VersionState[] all = [V(1, VersionStage.Production, role == ProductionRole.Champion ? ProductionRole.Challenger : ProductionRole.Champion), version];

        Assert.Equal(allowed, StageMachine.Allowed(version));
        foreach (var kind in Enum.GetValues<RequestKind>().Except(allowed))
        {
            var refusal = StageMachine.Check(version, all, new RequestTerms(kind, ProductionRole.Challenger, PreviousChampionFate.Challenger, AcceptNoChampion: true));
            Assert.Equal("not-allowed", refusal?.Code);
            Assert.Equal(allowed, refusal!.Allowed);
        }
    }

    [Fact]
    public void Validation_moves_to_pending_then_approved_or_rejected_and_a_withdrawal_returns_to_development()
    {
        var development = V(1, VersionStage.Development);
        var terms = new RequestTerms(RequestKind.Validation);

        Assert.Null(StageMachine.Check(development, [development], terms));
        Assert.Equal([new Transition(1, VersionStage.Development, ProductionRole.None, VersionStage.PendingValidation, ProductionRole.None)],
            StageMachine.OnRequested(development, terms));
        var pending = V(1, VersionStage.PendingValidation);
        Assert.Equal(VersionStage.Approved, StageMachine.OnApproved(pending, [pending], terms).Moves.Single().ToStage);
        Assert.Equal(VersionStage.Rejected, StageMachine.OnRejected(pending, terms).Single().ToStage);
        Assert.Equal(VersionStage.Development, StageMachine.OnWithdrawn(pending, terms).Single().ToStage);
    }

    [Fact]
    public void Promotion_needs_a_role_and_as_champion_moves_the_old_champion_first()
    {
        var champion = V(1, VersionStage.Production, ProductionRole.Champion);
        var approved = V(2, VersionStage.Approved);

        Assert.Equal("role-required", StageMachine.Check(approved, [champion, approved], new RequestTerms(RequestKind.Promotion))?.Code);
        var asChallenger = StageMachine.OnApproved(approved, [champion, approved], new RequestTerms(RequestKind.Promotion, ProductionRole.Challenger));
        Assert.Equal([new Transition(2, VersionStage.Approved, ProductionRole.None, VersionStage.Production, ProductionRole.Challenger)], asChallenger.Moves);
        var asChampion = StageMachine.OnApproved(approved, [champion, approved], new RequestTerms(RequestKind.Promotion, ProductionRole.Champion, PreviousChampionFate.Retired));
        Assert.Equal(
            [new Transition(1, VersionStage.Production, ProductionRole.Champion, VersionStage.Retired, ProductionRole.None),
             new Transition(2, VersionStage.Approved, ProductionRole.None, VersionStage.Production, ProductionRole.Champion)],
            asChampion.Moves);
    }

    [Fact]
    public void A_promotion_to_champion_never_demotes_a_champion_it_did_not_name()
    {
        var champion = V(1, VersionStage.Production, ProductionRole.Champion);
        var approved = V(2, VersionStage.Approved);
        var asked = new RequestTerms(RequestKind.Promotion, ProductionRole.Champion); // asked for when there was no champion

        Assert.Null(StageMachine.Check(approved, [V(1, VersionStage.Approved), approved], asked));
        var (moves, refusal) = StageMachine.OnApproved(approved, [champion, approved], asked);

        Assert.Empty(moves);
        Assert.Equal(("previous-champion-required", 1), (refusal?.Code, refusal?.Version));
    }

    [Fact]
    public void A_champion_swap_says_what_becomes_of_the_old_champion_and_never_leaves_two_champions()
    {
        var champion = V(1, VersionStage.Production, ProductionRole.Champion);
        var challenger = V(2, VersionStage.Production, ProductionRole.Challenger);

        var missing = StageMachine.Check(challenger, [champion, challenger], new RequestTerms(RequestKind.ChampionSwap));
        var (moves, refusal) = StageMachine.OnApproved(challenger, [champion, challenger], new RequestTerms(RequestKind.ChampionSwap, PreviousChampion: PreviousChampionFate.Challenger));

        Assert.Equal("previous-champion-required", missing?.Code);
        Assert.Equal(1, missing!.Version);
        Assert.Null(refusal);
        Assert.Equal([(1, ProductionRole.Challenger), (2, ProductionRole.Champion)], moves.Select(m => (m.Version, m.ToRole)));
        // Applied in order, at no step are there two champions.
        var roles = new Dictionary<int, ProductionRole> { [1] = ProductionRole.Champion, [2] = ProductionRole.Challenger };
        foreach (var move in moves)
        {
            roles[move.Version] = move.ToRole;
            Assert.True(roles.Values.Count(r => r == ProductionRole.Champion) <= 1);
        }
    }

    [Fact]
    public void Retiring_the_champion_names_a_challenger_successor_or_accepts_no_champion()
    {
        var champion = V(1, VersionStage.Production, ProductionRole.Champion);
        var challenger = V(2, VersionStage.Production, ProductionRole.Challenger);
        var approved = V(3, VersionStage.Approved);
        VersionState[] all = [champion, challenger, approved];

        Assert.Equal("successor-required", StageMachine.Check(champion, all, new RequestTerms(RequestKind.Retirement))?.Code);
        Assert.Equal("successor-not-challenger", StageMachine.Check(champion, all, new RequestTerms(RequestKind.Retirement, Successor: 3))?.Code);
        var withSuccessor = StageMachine.OnApproved(champion, all, new RequestTerms(RequestKind.Retirement, Successor: 2)).Moves;
        Assert.Equal([(1, VersionStage.Retired, ProductionRole.None), (2, VersionStage.Production, ProductionRole.Champion)], withSuccessor.Select(m => (m.Version, m.ToStage, m.ToRole)));
        var alone = StageMachine.OnApproved(champion, all, new RequestTerms(RequestKind.Retirement, AcceptNoChampion: true)).Moves;
        Assert.Equal([(1, VersionStage.Retired)], alone.Select(m => (m.Version, m.ToStage)));
        Assert.Null(StageMachine.Check(approved, all, new RequestTerms(RequestKind.Retirement)));
    }

    [Fact]
    public void An_approval_is_checked_again_against_the_versions_as_they_are_now()
    {
        // The successor named at request time was retired meanwhile.
        var champion = V(1, VersionStage.Production, ProductionRole.Champion);
        var retired = V(2, VersionStage.Retired);

        var (moves, refusal) = StageMachine.OnApproved(champion, [champion, retired], new RequestTerms(RequestKind.Retirement, Successor: 2));

        Assert.Empty(moves);
        Assert.Equal("successor-not-challenger", refusal?.Code);
    }
}
