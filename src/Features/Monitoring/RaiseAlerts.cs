using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>
/// Holds figures against a model's rules and records the alerts they raise. Evaluations and deployment figures call it
/// inside their own transaction, so figures and their alerts are stored together.
/// </summary>
public sealed class RaiseAlerts(TimeProvider clock, WebhookEvents events)
{
    /// <summary>
    /// Holds one version's figures against the model's rules and records what crosses: a new alert, or an update of
    /// the unresolved alert on the same figure (its level raised if higher, reopened if it had been acknowledged).
    /// Adds webhook deliveries for new and escalated alerts. The caller saves, inside the transaction it opened.
    /// </summary>
    public async Task<IReadOnlyList<MonitoringAlert>> RaiseAsync(PortalDbContext db, ModelType type, Observation observation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(observation);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Alerts are raised inside the transaction that stores the figures they were raised on.");
        }

        var (_, rules) = await AlertRules.RuleSetAsync(db, observation.ModelId, type, ct);
        var crossings = ThresholdCheck.Check(rules, observation.Values, observation.FirstValues, observation.DriftPsi);
        if (crossings.Count == 0)
        {
            return [];
        }

        // One upload at a time raises a model's alerts: touching the model's row takes its lock until the caller commits
        // (PostgreSQL and SQL Server: the row lock; SQLite: the write lock), so two batches arriving at once on two
        // instances find each other's alert instead of raising it twice or losing an occurrence (issue #20).
        await db.LockModelAsync(observation.ModelId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var unresolved = await db.Alerts
            .Where(a => a.ModelId == observation.ModelId && a.VersionNumber == observation.VersionNumber && a.Status != AlertStatus.Resolved)
            .ToListAsync(ct);
        var raised = new List<MonitoringAlert>();
        foreach (var crossing in crossings)
        {
            var existing = unresolved.FirstOrDefault(a => a.Metric == crossing.Metric && a.Feature == crossing.Feature);
            if (existing is null)
            {
                var alert = new MonitoringAlert
                {
                    ModelId = observation.ModelId,
                    VersionNumber = observation.VersionNumber,
                    Kind = MetricCatalog.KindOf(crossing.Metric),
                    Metric = crossing.Metric,
                    Feature = crossing.Feature,
                    Level = crossing.Level,
                    Direction = crossing.Direction,
                    Value = crossing.Value,
                    Threshold = crossing.Threshold,
                    Reference = crossing.Reference,
                    EvaluationId = observation.EvaluationId,
                    DeploymentId = observation.DeploymentId,
                    RaisedAt = now,
                    LastSeenAt = now,
                    Status = AlertStatus.Open,
                };
                db.Alerts.Add(alert);
                unresolved.Add(alert);
                raised.Add(alert);
                continue;
            }

            existing.LastSeenAt = now;
            existing.Occurrences++;
            existing.Value = crossing.Value;
            existing.Reference = crossing.Reference;
            existing.EvaluationId = observation.EvaluationId ?? existing.EvaluationId;
            existing.DeploymentId = observation.DeploymentId ?? existing.DeploymentId;
            if (crossing.Level > existing.Level)
            {
                existing.Level = crossing.Level;
                existing.Threshold = crossing.Threshold;
                existing.Status = AlertStatus.Open;
                raised.Add(existing);
            }
        }

        return raised;
    }

    /// <summary>After the caller saved: webhook deliveries for what was raised (same transaction as the alerts).</summary>
    public async Task QueueWebhooksAsync(PortalDbContext db, IReadOnlyList<MonitoringAlert> raised, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(raised);
        if (raised.Count == 0)
        {
            return;
        }

        var ids = raised.Select(a => a.ModelId).Distinct().ToList();
        var names = await db.Models.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        foreach (var alert in raised)
        {
            var type = alert.Occurrences > 1 ? "alert.escalated" : "alert.raised";
            await events.QueueAsync(db, alert.ModelId, type, new { alert = AlertQueries.ToView(alert, names.GetValueOrDefault(alert.ModelId, "")) }, ct);
        }
    }

    public static RaisedAlert ToRaised(MonitoringAlert a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new RaisedAlert(a.Id, a.Kind, a.Metric, a.Feature, a.Level, a.Value, a.Threshold, a.Reference, a.Occurrences > 1);
    }
}
