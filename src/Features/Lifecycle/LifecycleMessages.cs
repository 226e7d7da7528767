using System.Resources;
using System.Runtime.CompilerServices;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>Messages about requests and decisions, in the current UI culture (LifecycleMessages.resx, .ko.resx).</summary>
public static class LifecycleMessages
{
    private static readonly ResourceManager Resources = new(typeof(LifecycleMessages));

    public static string JustificationRequired => Get();
    public static string TextTooLong => Get();
    public static string AlreadyRequested => Get();
    public static string KindRequired => Get();
    public static string KindUnknown => Get();
    public static string RoleUnknown => Get();
    public static string FateUnknown => Get();
    public static string RoleRequired => Get();
    public static string PreviousChampionRequired => Get();
    public static string SuccessorRequired => Get();
    public static string SuccessorNotChallenger => Get();
    public static string NotAllowed => Get();
    public static string NothingAllowed => Get();
    public static string CommentRequired => Get();
    public static string OverrideRequired => Get();
    public static string OwnRequest => Get();
    public static string OnlyValidatorsDecide => Get();
    public static string OwnWork => Get();
    public static string AlreadyApprovedByYou => Get();
    public static string OnlyRequesterWithdraws => Get();
    public static string AlreadyClosed => Get();
    public static string ChangedMeanwhile => Get();
    public static string VersionsMovedMeanwhile => Get();
    public static string ChampionSinceRequest => Get();

    /// <summary>A request kind inside a sentence ("promotion", "champion swap").</summary>
    public static string KindText(RequestKind kind) => ResourceText.Get(Resources, $"Kind.{kind}");

    public static string WaitRange => Get();

    public static string StatusText(RequestStatus status) => ResourceText.Get(Resources, $"Status.{status}");

    /// <summary>A version's place inside a sentence ("Production (challenger)").</summary>
    public static string StageText(VersionStage stage, ProductionRole role) =>
        role == ProductionRole.None ? ResourceText.Get(Resources, $"Stage.{stage}") : ResourceText.Get(Resources, $"Stage.{stage}.{role}");

    public static string Format(string text, params object?[] args) => ResourceText.Format(text, args);

    private static string Get([CallerMemberName] string key = "") => ResourceText.Get(Resources, key);
}
