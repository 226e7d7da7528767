using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>The requester takes an open request back; the version returns where the request took it from.</summary>
public sealed class WithdrawRequest(IDbContextFactory<PortalDbContext> dbFactory, RequestChanges changes, TimeProvider clock)
{
    /// <exception cref="ForbiddenException">Someone else's request.</exception>
    /// <exception cref="ConflictException">The request is no longer open.</exception>
    /// <returns>Null when there is no such request.</returns>
    public async Task<RequestView?> WithdrawAsync(int requestId, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await RequestChanges.LoadOpenAsync(db, requestId, ct) is not { } open)
        {
            return null;
        }

        if (DecisionRules.MayWithdraw(actor, open.Request.Status, open.Requester) is { } refusal)
        {
            throw LifecycleErrors.Refused(refusal, open);
        }

        var before = RequestChanges.Snapshot(open.Request);
        open.Request.Status = RequestStatus.Withdrawn;
        return await changes.CommitAsync(db, open, StageMachine.OnWithdrawn(open.State, open.Terms), "request.withdrawn", before, [],
            actor, clock.GetUtcNow().UtcDateTime, ct);
    }
}
