using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>Alerts as the alerts page, the model page and the API list them.</summary>
public sealed class AlertQueries(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<string?> ModelNameAsync(int modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Models.Where(m => m.Id == modelId).Select(m => m.Name).SingleOrDefaultAsync(ct);
    }

    public async Task<AlertPage> AlertsAsync(AlertQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alerts = db.Alerts.AsNoTracking();
        if (query.Status is AlertStatus status)
        {
            alerts = alerts.Where(a => a.Status == status);
        }
        else if (query.Unresolved)
        {
            alerts = alerts.Where(a => a.Status != AlertStatus.Resolved);
        }

        if (query.ModelId is int modelId)
        {
            alerts = alerts.Where(a => a.ModelId == modelId);
        }

        if (query.Kind is AlertKind kind)
        {
            alerts = alerts.Where(a => a.Kind == kind);
        }

        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var total = await alerts.CountAsync(ct);
        var rows = await alerts
            .OrderByDescending(a => a.LastSeenAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * size).Take(size)
            .Join(db.Models, a => a.ModelId, m => m.Id, (a, m) => new { Alert = a, m.Name })
            .ToListAsync(ct);
        return new AlertPage([.. rows.Select(r => ToView(r.Alert, r.Name))], total, page, size);
    }

    internal static AlertView ToView(MonitoringAlert a, string modelName) =>
        new(a.Id, a.ModelId, modelName, a.VersionNumber, a.Kind, a.Metric, a.Feature, a.Level, a.Direction, a.Value, a.Threshold, a.Reference,
            a.EvaluationId, a.DeploymentId, a.RaisedAt, a.LastSeenAt, a.Occurrences, a.Status,
            a.AcknowledgedBy, a.AcknowledgedAt, a.AcknowledgeComment, a.ResolvedBy, a.ResolvedAt, a.ResolveComment);
}
