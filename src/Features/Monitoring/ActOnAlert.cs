using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>Someone acknowledges an alert (they are looking into it) or resolves it (what was done), with a comment, audited.</summary>
public sealed class ActOnAlert(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditTrail audit)
{
    public const int MaxCommentLength = FieldLimits.LongText;

    /// <summary>Open → Acknowledged: someone is looking into it. Returns null when there is no such alert.</summary>
    public Task<AlertView?> AcknowledgeAsync(int alertId, CommentInput input, Actor actor, CancellationToken ct = default) =>
        ChangeAsync(alertId, input, actor, resolve: false, ct);

    /// <summary>Open or Acknowledged → Resolved, with what was done. Returns null when there is no such alert.</summary>
    public Task<AlertView?> ResolveAsync(int alertId, CommentInput input, Actor actor, CancellationToken ct = default) =>
        ChangeAsync(alertId, input, actor, resolve: true, ct);

    private async Task<AlertView?> ChangeAsync(int alertId, CommentInput input, Actor actor, bool resolve, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var comment = input.Comment?.Trim() ?? "";
        if (comment.Length == 0)
        {
            throw InputRejectedException.For("comment", MonitoringMessages.CommentRequired);
        }

        if (comment.Length > MaxCommentLength)
        {
            throw InputRejectedException.For("comment", MonitoringMessages.Format(MonitoringMessages.CommentTooLong, MaxCommentLength));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var before = await db.Alerts.AsNoTracking().Where(a => a.Id == alertId).Select(a => (AlertStatus?)a.Status).SingleOrDefaultAsync(ct);
        // One conditional UPDATE: two people acting at once cannot both succeed.
        var changed = resolve
            ? await db.Alerts.Where(a => a.Id == alertId && a.Status != AlertStatus.Resolved).ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, AlertStatus.Resolved).SetProperty(a => a.ResolvedAt, now)
                .SetProperty(a => a.ResolvedBy, actor.Name).SetProperty(a => a.ResolveComment, comment), ct)
            : await db.Alerts.Where(a => a.Id == alertId && a.Status == AlertStatus.Open).ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, AlertStatus.Acknowledged).SetProperty(a => a.AcknowledgedAt, now)
                .SetProperty(a => a.AcknowledgedBy, actor.Name).SetProperty(a => a.AcknowledgeComment, comment), ct);
        var row = await db.Alerts.AsNoTracking().Join(db.Models, a => a.ModelId, m => m.Id, (a, m) => new { Alert = a, m.Name })
            .SingleOrDefaultAsync(x => x.Alert.Id == alertId, ct);
        if (row is null)
        {
            return null;
        }

        if (changed == 0)
        {
            throw new ConflictException(ConflictKind.AlreadyDone, row.Alert.Status == AlertStatus.Resolved
                ? MonitoringMessages.Format(MonitoringMessages.AlreadyResolved, row.Alert.ResolvedBy)
                : MonitoringMessages.Format(MonitoringMessages.AlreadyAcknowledged, row.Alert.AcknowledgedBy));
        }

        await audit.AppendAsync(db, actor, [new(resolve ? "alert.resolved" : "alert.acknowledged", "Alert", alertId.ToString(CultureInfo.InvariantCulture),
            new { status = before }, new { status = row.Alert.Status, comment, modelId = row.Alert.ModelId, version = row.Alert.VersionNumber })], ct);
        await transaction.CommitAsync(ct);
        return AlertQueries.ToView(row.Alert, row.Name);
    }
}
