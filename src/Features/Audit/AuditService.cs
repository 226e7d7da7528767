using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Audit;

public sealed record AuditQuery(string? Actor = null, string? Action = null, string? EntityType = null, string? EntityId = null,
    DateTime? From = null, DateTime? To = null, int Page = 1, int PageSize = 50);

public sealed record AuditEventView(long Sequence, DateTime OccurredAt, string Actor, IReadOnlyList<string> ActorRoles, string Action,
    string EntityType, string EntityId, string? Before, string? After, string PreviousHash, string Hash);

public sealed record AuditPage(IReadOnlyList<AuditEventView> Items, int Total, int Page, int PageSize);

/// <summary>Reads the audit log (filtered, paged in the database) and checks its hash chain. Nothing here writes.</summary>
public sealed class AuditService(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            events = events.Where(e => e.Actor == query.Actor.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            events = events.Where(e => e.Action == query.Action.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.EntityType))
        {
            events = events.Where(e => e.EntityType == query.EntityType.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.EntityId))
        {
            events = events.Where(e => e.EntityId == query.EntityId.Trim());
        }

        if (query.From is DateTime from)
        {
            events = events.Where(e => e.OccurredAt >= from);
        }

        if (query.To is DateTime to)
        {
            events = events.Where(e => e.OccurredAt < to);
        }

        var total = await events.CountAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, 500);
        var page = Math.Max(1, query.Page);
        var rows = await events.OrderByDescending(e => e.Sequence).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new AuditPage([.. rows.Select(ToView)], total, page, size);
    }

    /// <summary>Walks the whole chain in sequence order, streaming, and reports it intact or where it first breaks.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var check = new ChainCheck();
        await foreach (var e in db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!check.Add(e))
            {
                break;
            }
        }

        var head = await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == 1, ct);
        return check.Finish(head);
    }

    private static AuditEventView ToView(AuditEvent e) => new(e.Sequence, e.OccurredAt, e.Actor,
        e.ActorRoles.Length == 0 ? [] : e.ActorRoles.Split(','), e.Action, e.EntityType, e.EntityId, e.Before, e.After, e.PreviousHash, e.Hash);
}
