using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>A version's place in the lifecycle.</summary>
public sealed record VersionState(int Number, VersionStage Stage, ProductionRole Role);

/// <summary>One version moving from one place to another.</summary>
public sealed record Transition(int Version, VersionStage FromStage, ProductionRole FromRole, VersionStage ToStage, ProductionRole ToRole);

/// <summary>What a request asks for, beyond its kind.</summary>
public sealed record RequestTerms(
    RequestKind Kind, ProductionRole? Role = null, PreviousChampionFate? PreviousChampion = null, int? Successor = null, bool AcceptNoChampion = false);

/// <summary>Why a request cannot be made or carried out; <see cref="Allowed"/> names what the version may ask for instead.</summary>
public sealed record Refusal(string Code, IReadOnlyList<RequestKind> Allowed, int? Version = null);

/// <summary>
/// The lifecycle of versions, in one place (README has the diagram). Pure: it takes the versions' states and a request's
/// terms and says whether the request is allowed and which versions move where when it is made, withdrawn, rejected or
/// approved. Nothing else changes a version's stage.
/// <code>
/// Development --validation--> PendingValidation --approve--> Approved --promotion--> Production (Champion | Challenger)
///                                               --reject---> Rejected
/// Production/Challenger --champion swap--> Production/Champion (old champion: Challenger or Retired)
/// Approved | Production --retirement--> Retired (a retiring champion names its successor or accepts no champion)
/// </code>
/// </summary>
public static class StageMachine
{
    /// <summary>The requests a version in this state may be the subject of.</summary>
    public static IReadOnlyList<RequestKind> Allowed(VersionState version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return (version.Stage, version.Role) switch
        {
            (VersionStage.Development, _) => [RequestKind.Validation],
            (VersionStage.Approved, _) => [RequestKind.Promotion, RequestKind.Retirement],
            (VersionStage.Production, ProductionRole.Challenger) => [RequestKind.ChampionSwap, RequestKind.Retirement],
            (VersionStage.Production, _) => [RequestKind.Retirement],
            _ => [],
        };
    }

    /// <summary>Null when the request may be made (or carried out) now; otherwise why not.</summary>
    public static Refusal? Check(VersionState target, IReadOnlyList<VersionState> all, RequestTerms terms)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(terms);
        var allowed = Allowed(target);
        if (!allowed.Contains(terms.Kind))
        {
            return new Refusal("not-allowed", allowed);
        }

        var champion = all.FirstOrDefault(v => v.Role == ProductionRole.Champion && v.Number != target.Number);
        switch (terms.Kind)
        {
            case RequestKind.Promotion when terms.Role is not (ProductionRole.Champion or ProductionRole.Challenger):
                return new Refusal("role-required", allowed);
            // A promotion to champion says what becomes of the champion it displaces; one asked for when there was none is
            // refused at approval once another became champion meanwhile, rather than demoting it unasked.
            case RequestKind.ChampionSwap or RequestKind.Promotion when terms.Role != ProductionRole.Challenger && champion is not null && terms.PreviousChampion is null:
                return new Refusal("previous-champion-required", allowed, champion.Number);
            case RequestKind.Retirement when target.Role == ProductionRole.Champion:
                if (terms.Successor is int successor)
                {
                    var next = all.FirstOrDefault(v => v.Number == successor);
                    if (next is not { Stage: VersionStage.Production, Role: ProductionRole.Challenger })
                    {
                        return new Refusal("successor-not-challenger", allowed, successor);
                    }
                }
                else if (!terms.AcceptNoChampion)
                {
                    return new Refusal("successor-required", allowed);
                }

                break;
        }

        return null;
    }

    /// <summary>What moves when the request is made: asking for validation puts the version in PendingValidation.</summary>
    public static IReadOnlyList<Transition> OnRequested(VersionState target, RequestTerms terms) =>
        terms.Kind == RequestKind.Validation ? [Move(target, VersionStage.PendingValidation, ProductionRole.None)] : [];

    /// <summary>What moves when the requester withdraws: a pending validation goes back to Development.</summary>
    public static IReadOnlyList<Transition> OnWithdrawn(VersionState target, RequestTerms terms) =>
        terms.Kind == RequestKind.Validation && target.Stage == VersionStage.PendingValidation ? [Move(target, VersionStage.Development, ProductionRole.None)] : [];

    /// <summary>What moves on rejection: a rejected validation rejects the version; other kinds leave it where it is.</summary>
    public static IReadOnlyList<Transition> OnRejected(VersionState target, RequestTerms terms) =>
        terms.Kind == RequestKind.Validation && target.Stage == VersionStage.PendingValidation ? [Move(target, VersionStage.Rejected, ProductionRole.None)] : [];

    /// <summary>
    /// What moves on approval, the version giving up the champion role first (so that at no point two versions hold it).
    /// A validation is approved from PendingValidation; the other kinds are checked again against the states now.
    /// </summary>
    public static (IReadOnlyList<Transition> Moves, Refusal? Refusal) OnApproved(VersionState target, IReadOnlyList<VersionState> all, RequestTerms terms)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Kind == RequestKind.Validation)
        {
            return target.Stage == VersionStage.PendingValidation
                ? ([Move(target, VersionStage.Approved, ProductionRole.None)], null)
                : ([], new Refusal("not-allowed", Allowed(target)));
        }

        if (Check(target, all, terms) is { } refusal)
        {
            return ([], refusal);
        }

        var champion = all.FirstOrDefault(v => v.Role == ProductionRole.Champion && v.Number != target.Number);
        var moves = new List<Transition>();
        void Displace(PreviousChampionFate? fate)
        {
            if (champion is not null)
            {
                moves.Add(fate == PreviousChampionFate.Retired
                    ? Move(champion, VersionStage.Retired, ProductionRole.None)
                    : Move(champion, VersionStage.Production, ProductionRole.Challenger));
            }
        }

        switch (terms.Kind)
        {
            case RequestKind.Promotion when terms.Role == ProductionRole.Champion:
                Displace(terms.PreviousChampion);
                moves.Add(Move(target, VersionStage.Production, ProductionRole.Champion));
                break;
            case RequestKind.Promotion:
                moves.Add(Move(target, VersionStage.Production, ProductionRole.Challenger));
                break;
            case RequestKind.ChampionSwap:
                Displace(terms.PreviousChampion);
                moves.Add(Move(target, VersionStage.Production, ProductionRole.Champion));
                break;
            case RequestKind.Retirement:
                moves.Add(Move(target, VersionStage.Retired, ProductionRole.None));
                if (target.Role == ProductionRole.Champion && terms.Successor is int successor)
                {
                    moves.Add(Move(all.First(v => v.Number == successor), VersionStage.Production, ProductionRole.Champion));
                }

                break;
        }

        return (moves, null);
    }

    private static Transition Move(VersionState from, VersionStage stage, ProductionRole role) =>
        new(from.Number, from.Stage, from.Role, stage, role);
}
