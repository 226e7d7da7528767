using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>The lifecycle's refusals as the exceptions the API and pages turn into 403, 409 and 400, each naming what happened.</summary>
internal static class LifecycleErrors
{
    public static ConflictException Refused(Refusal refusal, ModelVersion version) => new(ConflictKind.IllegalTransition, refusal.Code switch
    {
        "role-required" => LifecycleMessages.RoleRequired,
        "previous-champion-required" => LifecycleMessages.Format(LifecycleMessages.PreviousChampionRequired, refusal.Version),
        "successor-required" => LifecycleMessages.Format(LifecycleMessages.SuccessorRequired, version.Number),
        "successor-not-challenger" => LifecycleMessages.Format(LifecycleMessages.SuccessorNotChallenger, refusal.Version),
        _ => refusal.Allowed.Count == 0
            ? LifecycleMessages.Format(LifecycleMessages.NothingAllowed, version.Number, LifecycleMessages.StageText(version.Stage, version.ProductionRole))
            : LifecycleMessages.Format(LifecycleMessages.NotAllowed, version.Number, LifecycleMessages.StageText(version.Stage, version.ProductionRole),
                string.Join(", ", refusal.Allowed.Select(LifecycleMessages.KindText))),
    });

    /// <summary>A <see cref="DecisionRules"/> refusal as its answer: 403 for who may not, 409 for what is already done, 400 for what is missing.</summary>
    public static Exception Refused(DecisionRefusal refusal, OpenRequest open) => refusal switch
    {
        DecisionRefusal.NotOpen => AlreadyClosed(open.Request),
        DecisionRefusal.NotValidator => new ForbiddenException("Validators decide", LifecycleMessages.OnlyValidatorsDecide),
        DecisionRefusal.OwnRequest => new ForbiddenException("Separation of duties", LifecycleMessages.OwnRequest),
        DecisionRefusal.OwnWork => new ForbiddenException("Separation of duties", LifecycleMessages.Format(LifecycleMessages.OwnWork, open.Target.Number)),
        DecisionRefusal.AlreadyApproved => new ConflictException(ConflictKind.AlreadyDone, LifecycleMessages.AlreadyApprovedByYou),
        DecisionRefusal.OverrideRequired => InputRejectedException.For("fairnessOverride", LifecycleMessages.OverrideRequired),
        DecisionRefusal.NotRequester => new ForbiddenException("Not the requester", LifecycleMessages.Format(LifecycleMessages.OnlyRequesterWithdraws, open.Request.RequestedBy)),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };

    public static ConflictException AlreadyClosed(LifecycleRequest request) => new(ConflictKind.AlreadyDecided,
        LifecycleMessages.Format(LifecycleMessages.AlreadyClosed, LifecycleMessages.StatusText(request.Status), request.ClosedBy ?? "",
            request.ClosedAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? ""));

    /// <summary>
    /// The 409 for a decision whose stage changes lost a race: names the version that moved and the request (and who
    /// approved it) that moved it. Null when the model has no recorded change to name.
    /// </summary>
    public static async Task<ConflictException?> VersionsMovedAsync(PortalDbContext db, int modelId, CancellationToken ct)
    {
        var latest = await db.StageChanges.AsNoTracking().Where(c => c.ModelId == modelId)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            return null;
        }

        return new ConflictException(ConflictKind.AlreadyDecided, LifecycleMessages.Format(LifecycleMessages.VersionsMovedMeanwhile,
            latest.VersionNumber, LifecycleMessages.StageText(latest.ToStage, latest.ToRole), latest.RequestId?.ToString(CultureInfo.InvariantCulture) ?? "-",
            latest.ChangedBy));
    }

    /// <summary>A promotion to champion asked for when there was none, whose approval would now demote the champion crowned since.</summary>
    public static async Task<ConflictException> ChampionSinceRequestAsync(PortalDbContext db, int modelId, int champion, CancellationToken ct)
    {
        var crowned = await db.StageChanges.AsNoTracking().Where(c => c.ModelId == modelId && c.VersionNumber == champion && c.ToRole == ProductionRole.Champion)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        return new ConflictException(ConflictKind.IllegalTransition, LifecycleMessages.Format(LifecycleMessages.ChampionSinceRequest,
            champion, crowned?.RequestId?.ToString(CultureInfo.InvariantCulture) ?? "-", crowned?.ChangedBy ?? "-"));
    }
}
