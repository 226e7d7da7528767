using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>An open request with its model and version, loaded (tracked) to be closed or decided.</summary>
internal sealed record OpenRequest(Model Model, LifecycleRequest Request, ModelVersion Target)
{
    public RequestTerms Terms => new(Request.Kind, Request.TargetRole, Request.PreviousChampion, Request.Successor, Request.AcceptNoChampion);

    public VersionState State => RequestChanges.State(Target);

    public PersonRef Requester => new(Request.RequestedById, Request.RequestedBy);
}

/// <summary>
/// What making, deciding and withdrawing a request share: moving versions with their history, the webhook events, the
/// audit snapshot, committing a change against a concurrent one, and telling the open pages.
/// </summary>
public sealed class RequestChanges(
    IDbContextFactory<PortalDbContext> dbFactory, WebhookEvents events, LifecycleNotifier notifier, AuditTrail audit, RequestQueries queries)
{
    /// <summary>The request with its model's versions as they were before it, tracked; null when there is no such request.</summary>
    /// <exception cref="ConflictException">The request is no longer open (names who closed it).</exception>
    internal static async Task<OpenRequest?> LoadOpenAsync(PortalDbContext db, int requestId, CancellationToken ct)
    {
        var modelId = await db.Requests.Where(r => r.Id == requestId).Select(r => (int?)r.ModelId).SingleOrDefaultAsync(ct);
        if (modelId is null)
        {
            return null;
        }

        // The versions before the request: a decision committed in between then shows as a closed request (who decided),
        // never as versions that moved under an open one.
        var model = await db.Models.Include(m => m.Versions).SingleAsync(m => m.Id == modelId, ct);
        var request = await db.Requests.Include(r => r.Decisions).SingleAsync(r => r.Id == requestId, ct);
        if (request.Status != RequestStatus.Open)
        {
            throw LifecycleErrors.AlreadyClosed(request);
        }

        return new OpenRequest(model, request, model.Versions.Single(v => v.Number == request.VersionNumber));
    }

    /// <summary>
    /// Saves a request that was decided or withdrawn, in one transaction with the versions it moves, its events and
    /// its audit entries. Of two simultaneous changes the second fails here, and its author is told who came first.
    /// </summary>
    internal async Task<RequestView?> CommitAsync(PortalDbContext db, OpenRequest open, IReadOnlyList<Transition> moves, string eventType, object before,
        IReadOnlyList<AuditEntry> extra, Actor actor, DateTime now, CancellationToken ct)
    {
        var request = open.Request;
        if (request.Status != RequestStatus.Open)
        {
            request.ClosedAt = now;
            request.ClosedBy = actor.Name;
        }

        // A new stamp even when only a decision is added (a first of two approvals), so that of two validators approving
        // at once only one counts and the other is told; otherwise both could stop one short of the approvals needed.
        request.ConcurrencyStamp = Guid.NewGuid();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // The request first: its stamp decides a race before any version moves.
            await db.SaveChangesAsync(ct);
            var moved = await MoveAsync(db, open.Model, request, moves, actor, now, ct);
            if (eventType != "request.withdrawn")
            {
                await NotifyAsync(db, eventType, request, open.Model, ct);
            }

            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, actor, [new AuditEntry(eventType, "Request", Id(request), before, Snapshot(request)), .. extra, .. moved], ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (!DatabaseOutage.Is(e))
        {
            // Another decision got there first: on this request (its stamp), or on the model's versions (a version's stamp,
            // or the one-champion index when two promotions to champion were approved at the same moment). Say which.
            await transaction.RollbackAsync(ct);
            await using var check = await dbFactory.CreateDbContextAsync(ct);
            var current = await check.Requests.AsNoTracking().Include(r => r.Decisions).SingleAsync(r => r.Id == request.Id, ct);
            if (current.Status != RequestStatus.Open)
            {
                throw LifecycleErrors.AlreadyClosed(current);
            }

            var changedMeanwhile = new ConflictException(ConflictKind.AlreadyDecided, LifecycleMessages.Format(LifecycleMessages.ChangedMeanwhile,
                current.Decisions.OrderBy(d => d.DecidedAt).LastOrDefault()?.Decider ?? current.RequestedBy));
            throw e.Entries.Any(x => x.Entity is LifecycleRequest) ? changedMeanwhile
                : await LifecycleErrors.VersionsMovedAsync(check, current.ModelId, ct) ?? changedMeanwhile;
        }

        return await PublishAsync(request.Id, ct);
    }

    /// <summary>
    /// Moves the versions, one save per move in the order given (a champion gives up its role before another takes it,
    /// so the one-champion index holds at every statement), and records each move in the version's history.
    /// </summary>
    /// <returns>The audit entries of the moves, for the caller to append with its own.</returns>
    internal async Task<List<AuditEntry>> MoveAsync(PortalDbContext db, Model model, LifecycleRequest request, IReadOnlyList<Transition> moves, Actor actor, DateTime now, CancellationToken ct)
    {
        var entries = new List<AuditEntry>();
        foreach (var move in moves)
        {
            var version = model.Versions.Single(v => v.Number == move.Version);
            version.Stage = move.ToStage;
            version.ProductionRole = move.ToRole;
            db.StageChanges.Add(new StageChange
            {
                ModelId = model.Id, VersionNumber = move.Version, FromStage = move.FromStage, FromRole = move.FromRole,
                ToStage = move.ToStage, ToRole = move.ToRole, RequestId = request.Id, ChangedBy = actor.Name, ChangedAt = now,
            });
            await events.QueueAsync(db, model.Id, "version.stage-changed", new
            {
                modelId = model.Id, model = model.Name, version = move.Version, from = new { stage = move.FromStage, role = move.FromRole },
                to = new { stage = move.ToStage, role = move.ToRole }, requestId = request.Id, changedBy = actor.Name, changedAt = now,
            }, ct);
            await db.SaveChangesAsync(ct);
            entries.Add(new AuditEntry("version.stage-changed", AuditEntry.Version, AuditEntry.VersionId(model.Id, move.Version),
                new { stage = move.FromStage, role = move.FromRole }, new { stage = move.ToStage, role = move.ToRole, requestId = request.Id }));
        }

        return entries;
    }

    /// <summary>Queues the request's webhook event (delivered after commit by the monitoring worker).</summary>
    internal Task NotifyAsync(PortalDbContext db, string type, LifecycleRequest request, Model model, CancellationToken ct) =>
        events.QueueAsync(db, model.Id, type, new
        {
            request = new
            {
                request.Id, modelId = model.Id, model = model.Name, version = request.VersionNumber, kind = RequestQueries.KindName(request.Kind),
                request.Status, request.RequestedBy, request.RequestedAt, request.Justification,
                approvals = request.Decisions.Count(d => d.Kind == DecisionKind.Approve), request.ApprovalsRequired,
                decisions = request.Decisions.Select(d => new { d.Kind, d.Decider, d.Comment, d.FairnessOverride, d.DecidedAt }),
            },
        }, ct);

    /// <summary>Reads the request back and tells the open pages (inbox, badge, request page) on every instance.</summary>
    internal async Task<RequestView?> PublishAsync(int requestId, CancellationToken ct)
    {
        var view = await queries.GetAsync(requestId, ct);
        if (view is not null)
        {
            notifier.Publish(view);
        }

        return view;
    }

    internal static string Id(LifecycleRequest r) => r.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A request as the audit log records it.</summary>
    internal static object Snapshot(LifecycleRequest r) => new
    {
        r.Id, r.ModelId, version = r.VersionNumber, kind = RequestQueries.KindName(r.Kind), r.Status, r.Justification, r.RequestedBy, r.TargetRole, r.PreviousChampion,
        r.Successor, r.AcceptNoChampion, r.ApprovalsRequired, r.FairnessFailed,
        decisions = r.Decisions.Select(d => new { d.Kind, d.Decider, d.Comment, d.FairnessOverride }).ToList(),
    };

    internal static VersionState State(ModelVersion v) => new(v.Number, v.Stage, v.ProductionRole);

    internal static List<VersionState> States(Model model) => [.. model.Versions.Select(State)];
}
