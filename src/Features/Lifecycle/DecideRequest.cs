using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>
/// A validator's approval or rejection. Who may decide, how many approvals count and the fairness gate are
/// <see cref="DecisionRules"/>; where the versions go is the <see cref="StageMachine"/>. Deciding is optimistic: the
/// request's concurrency stamp makes the second of two simultaneous decisions fail, and its decider is told who came first.
/// </summary>
public sealed class DecideRequest(IDbContextFactory<PortalDbContext> dbFactory, RequestChanges changes, TimeProvider clock)
{
    /// <exception cref="InputRejectedException">No comment; approving a fairness fail without an override justification.</exception>
    /// <exception cref="ForbiddenException">Not a validator; the requester, or a developer of the version (separation of duties).</exception>
    /// <exception cref="ConflictException">Already decided (names who decided first), already approved by this validator, or the versions moved since the request.</exception>
    /// <returns>Null when there is no such request.</returns>
    public async Task<RequestView?> DecideAsync(int requestId, DecisionKind kind, DecisionInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var comment = input.Comment?.Trim() ?? "";
        var fairnessOverride = string.IsNullOrWhiteSpace(input.FairnessOverride) ? null : input.FairnessOverride.Trim();
        ThrowIfInvalid(comment, fairnessOverride);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await RequestChanges.LoadOpenAsync(db, requestId, ct) is not { } open)
        {
            return null;
        }

        var request = open.Request;
        var excluded = DecisionRules.Excluded(new RequestParties(open.Requester, new PersonRef(open.Target.CreatedById, open.Target.CreatedBy),
            PersonRef.Zip(request.Developers, request.DeveloperIds), open.Model.DeveloperRefs));
        var approvers = request.Decisions.Where(d => d.Kind == DecisionKind.Approve).Select(d => new PersonRef(d.DeciderId, d.Decider));
        if ((DecisionRules.MayDecide(actor, request.Status, open.Requester, excluded, approvers)
                ?? DecisionRules.CheckFairnessGate(kind, request.FairnessFailed, fairnessOverride)) is { } refusal)
        {
            throw LifecycleErrors.Refused(refusal, open);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = RequestChanges.Snapshot(request);
        var overrides = DecisionRules.OverridesFairness(kind, request.FairnessFailed);
        var decision = new RequestDecision
        {
            Kind = kind, Decider = actor.Name, DeciderId = actor.Id, Comment = comment, FairnessOverride = overrides ? fairnessOverride : null, DecidedAt = now,
        };
        request.Decisions.Add(decision);
        (IReadOnlyList<Transition> moves, request.Status, var eventType) =
            DecisionRules.Outcome(kind, request.Decisions.Count(d => d.Kind == DecisionKind.Approve), request.ApprovalsRequired) switch
            {
                DecisionOutcome.Rejected => (StageMachine.OnRejected(open.State, open.Terms), RequestStatus.Rejected, "request.rejected"),
                DecisionOutcome.ApprovalAdded => ([], RequestStatus.Open, "request.approval-added"),
                DecisionOutcome.Approved => (await ApproveAsync(db, open, ct), RequestStatus.Approved, "request.approved"),
                var outcome => throw new InvalidOperationException($"No decision outcome {outcome}."),
            };

        // The override is its own event, so an auditor filtering for overrides finds every one.
        IReadOnlyList<AuditEntry> extra = decision.FairnessOverride is { } justification
            ? [new AuditEntry("request.fairness-override", "Request", RequestChanges.Id(request),
                After: new { requestId = request.Id, version = request.VersionNumber, justification, evidence = "fairness status Fail at request time" })]
            : [];
        return await changes.CommitAsync(db, open, moves, eventType, before, extra, actor, now, ct);
    }

    /// <summary>The moves of the final approval, checked again against the versions as they are now.</summary>
    private static async Task<IReadOnlyList<Transition>> ApproveAsync(PortalDbContext db, OpenRequest open, CancellationToken ct)
    {
        var (approved, refusal) = StageMachine.OnApproved(open.State, RequestChanges.States(open.Model), open.Terms);
        if (refusal is { Code: "previous-champion-required" })
        {
            throw await LifecycleErrors.ChampionSinceRequestAsync(db, open.Model.Id, refusal.Version ?? 0, ct);
        }

        return refusal is null ? approved : throw LifecycleErrors.Refused(refusal, open.Target);
    }

    private static void ThrowIfInvalid(string comment, string? fairnessOverride)
    {
        var errors = new Dictionary<string, string[]>();
        if (comment.Length == 0)
        {
            errors["comment"] = [LifecycleMessages.CommentRequired];
        }
        else if (comment.Length > CreateRequest.MaxJustificationLength)
        {
            errors["comment"] = [LifecycleMessages.Format(LifecycleMessages.TextTooLong, CreateRequest.MaxJustificationLength)];
        }

        if (fairnessOverride?.Length > CreateRequest.MaxJustificationLength)
        {
            errors["fairnessOverride"] = [LifecycleMessages.Format(LifecycleMessages.TextTooLong, CreateRequest.MaxJustificationLength)];
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }
    }
}
