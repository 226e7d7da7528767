using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Audit;

public sealed record AuditQuery(string? Actor = null, string? Action = null, string? EntityType = null, string? EntityId = null,
    DateTime? From = null, DateTime? To = null, int Page = 1, int PageSize = 50);

/// <param name="ActorId">The actor's stable id (docs/decisions/014-people-by-subject-id.md); null before ids were kept.</param>
public sealed record AuditEventView(long Sequence, DateTime OccurredAt, string Actor, string? ActorId, IReadOnlyList<string> ActorRoles, string Action,
    string EntityType, string EntityId, string? Before, string? After, string PreviousHash, string Hash);

public sealed record AuditPage(IReadOnlyList<AuditEventView> Items, int Total, int Page, int PageSize);

/// <summary>Reads the audit log (filtered, paged in the database) and checks its hash chain. Nothing here writes.</summary>
public sealed class AuditService(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = Filter(db.AuditEvents.AsNoTracking(), query);
        var total = await events.CountAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, 500);
        var page = Math.Max(1, query.Page);
        var rows = await events.OrderByDescending(e => e.Sequence).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new AuditPage([.. rows.Select(ToView)], total, page, size);
    }

    /// <summary>Every event matching the filters, oldest first, streamed (for the CSV and JSON exports).</summary>
    public async IAsyncEnumerable<AuditEventView> StreamAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var e in Filter(db.AuditEvents.AsNoTracking(), query).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return ToView(e);
        }
    }

    /// <summary>The actions and entity types present in the log, for the filter lists.</summary>
    public async Task<(IReadOnlyList<string> Actions, IReadOnlyList<string> EntityTypes)> VocabularyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actions = await db.AuditEvents.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        var types = await db.AuditEvents.Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
        return (actions, types);
    }

    private static IQueryable<AuditEvent> Filter(IQueryable<AuditEvent> events, AuditQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            events = events.Where(e => e.Actor == actor || e.ActorId == actor);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            events = events.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(query.EntityType))
        {
            var type = query.EntityType.Trim();
            events = events.Where(e => e.EntityType == type);
        }

        if (!string.IsNullOrWhiteSpace(query.EntityId))
        {
            var id = query.EntityId.Trim();
            events = events.Where(e => e.EntityId == id);
        }

        if (query.From is DateTime from)
        {
            events = events.Where(e => e.OccurredAt >= from);
        }

        if (query.To is DateTime to)
        {
            events = events.Where(e => e.OccurredAt < to);
        }

        return events;
    }

    /// <summary>
    /// Walks the whole chain in sequence order, streaming, and reports it intact or where it first breaks. The head is read
    /// first and the walk stops at the event it names: an event and the head that points at it are committed together, so
    /// every event up to there is visible, and events appended while the walk runs are not half-seen (reading events
    /// first and the head after reported a chain that was still being written as broken, "missing").
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == 1, ct);
        var check = new ChainCheck();
        var last = head.LastSequence;
        await foreach (var e in db.AuditEvents.AsNoTracking().Where(e => e.Sequence <= last).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!check.Add(e))
            {
                break;
            }
        }

        return check.Finish(head);
    }

    private static AuditEventView ToView(AuditEvent e) => new(e.Sequence, e.OccurredAt, e.Actor, e.ActorId,
        e.ActorRoles.Length == 0 ? [] : e.ActorRoles.Split(','), e.Action, e.EntityType, e.EntityId, e.Before, e.After, e.PreviousHash, e.Hash);
}
