using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Monitoring.Engine;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>
/// Threshold rules, the alerts they raise, and deployments' operational figures. Evaluations hand their figures to
/// <see cref="RaiseAsync"/> inside their own transaction, so an evaluation and its alerts are stored together.
/// </summary>
public sealed class MonitoringService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IOptionsMonitor<MonitoringOptions> options, AuditTrail audit)
{
    public const int MaxRules = 30;
    public const int MaxCommentLength = FieldLimits.LongText;

    public async Task<string?> ModelNameAsync(int modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Models.Where(m => m.Id == modelId).Select(m => m.Name).SingleOrDefaultAsync(ct);
    }

    public async Task<ModelRules?> RulesAsync(int modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var type = await db.Models.Where(m => m.Id == modelId).Select(m => (ModelType?)m.ModelType).SingleOrDefaultAsync(ct);
        return type is ModelType t ? await RulesAsync(db, modelId, t, ct) : null;
    }

    /// <summary>Replaces the model's rules (Validators). An empty list returns the model to the defaults.</summary>
    public async Task<ModelRules?> SaveRulesAsync(int modelId, RulesInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var type = await db.Models.Where(m => m.Id == modelId).Select(m => (ModelType?)m.ModelType).SingleOrDefaultAsync(ct);
        if (type is not ModelType modelType)
        {
            return null;
        }

        var rules = input.Rules ?? throw InputRejectedException.For("rules", MonitoringMessages.RulesRequired);
        Validate(rules, modelType);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var before = (await RulesAsync(db, modelId, modelType, ct)).Rules;
        await db.ThresholdRules.Where(r => r.ModelId == modelId).ExecuteDeleteAsync(ct);
        db.ThresholdRules.AddRange(rules.Select(r => new ThresholdRule
        {
            ModelId = modelId,
            Metric = r.Metric!.Trim(),
            Direction = r.Direction,
            Warning = r.Warning,
            Alert = r.Alert,
            UpdatedAt = now,
            UpdatedBy = actor.Name,
        }));
        await db.SaveChangesAsync(ct);
        var after = await RulesAsync(db, modelId, modelType, ct);
        await audit.AppendAsync(db, actor, [new("thresholds.changed", "Model", modelId.ToString(CultureInfo.InvariantCulture),
            new { rules = before }, new { rules = after.Rules })], ct);
        await transaction.CommitAsync(ct);
        return after;
    }

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

        var (_, rules) = await RuleSetAsync(db, observation.ModelId, type, ct);
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
        if (!options.CurrentValue.Webhook.Enabled || raised.Count == 0)
        {
            return;
        }

        var ids = raised.Select(a => a.ModelId).Distinct().ToList();
        var names = await db.Models.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        foreach (var alert in raised)
        {
            var type = alert.Occurrences > 1 ? "alert.escalated" : "alert.raised";
            QueueEvent(db, type, new { alert = ToView(alert, names.GetValueOrDefault(alert.ModelId, "")) });
        }
    }

    /// <summary>
    /// Adds a webhook delivery of one event to the caller's unit of work (saved with the change it reports, so an event
    /// is sent exactly when its change is stored). The body is <c>{ type, occurredAt, ...payload }</c>; nothing when the
    /// webhook is off.
    /// </summary>
    public void QueueEvent(PortalDbContext db, string type, object payload)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!options.CurrentValue.Webhook.Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var body = JsonSerializer.SerializeToNode(payload, WebhookJson)!.AsObject();
        body.Insert(0, "type", type);
        body.Insert(1, "occurredAt", now);
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            EventType = type,
            PayloadJson = body.ToJsonString(WebhookJson),
            CreatedAt = now,
            NextAttemptAt = now,
            Status = DeliveryStatus.Pending,
        });
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

    /// <summary>Open → Acknowledged: someone is looking into it. Returns null when there is no such alert.</summary>
    public Task<AlertView?> AcknowledgeAsync(int alertId, CommentInput input, Actor actor, CancellationToken ct = default) =>
        ChangeAsync(alertId, input, actor, resolve: false, ct);

    /// <summary>Open or Acknowledged → Resolved, with what was done. Returns null when there is no such alert.</summary>
    public Task<AlertView?> ResolveAsync(int alertId, CommentInput input, Actor actor, CancellationToken ct = default) =>
        ChangeAsync(alertId, input, actor, resolve: true, ct);

    /// <summary>Records a deployment's operational figures and holds them against the model's rules.</summary>
    public async Task<StatisticsResult?> RecordStatisticsAsync(int deploymentId, StatisticsInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deployment = await db.Deployments.Include(d => d.Version).ThenInclude(v => v!.Model).SingleOrDefaultAsync(d => d.Id == deploymentId, ct);
        if (deployment?.Version?.Model is not Model model)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var statistics = new DeploymentStatistics
        {
            DeploymentId = deploymentId,
            PeriodStart = input.PeriodStart.ToUniversalTime(),
            PeriodEnd = input.PeriodEnd.ToUniversalTime(),
            Requests = input.Requests,
            Errors = input.Errors,
            P50LatencyMs = input.P50LatencyMs,
            P95LatencyMs = input.P95LatencyMs,
            ReportedAt = now,
            ReportedBy = actor,
        };
        var first = await db.DeploymentStatistics.AsNoTracking().Where(s => s.DeploymentId == deploymentId)
            .OrderBy(s => s.PeriodStart).FirstOrDefaultAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.DeploymentStatistics.Add(statistics);
        var raised = await RaiseAsync(db, model.ModelType, new Observation(model.Id, deployment.Version.Number, null, deploymentId,
            Figures(statistics), first is null || first.PeriodStart >= statistics.PeriodStart ? null : Figures(first), new Dictionary<string, double>()), ct);
        await db.SaveChangesAsync(ct);
        await QueueWebhooksAsync(db, raised, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new StatisticsResult(ToView(statistics, deployment.Environment, deployment.Version.Number), [.. raised.Select(ToRaised)]);
    }

    /// <summary>Every deployment's figures for a model, oldest first (for the stability chart).</summary>
    /// <returns>Null when there is no such model.</returns>
    public async Task<IReadOnlyList<StatisticsView>?> StatisticsAsync(int modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Models.AnyAsync(m => m.Id == modelId, ct))
        {
            return null;
        }

        var rows = await db.DeploymentStatistics.AsNoTracking()
            .Join(db.Deployments, s => s.DeploymentId, d => d.Id, (s, d) => new { s, d.Environment, d.Version!.ModelId, d.Version.Number })
            .Where(x => x.ModelId == modelId)
            .OrderBy(x => x.s.PeriodStart).ThenBy(x => x.s.Id)
            .Take(5000)
            .ToListAsync(ct);
        return [.. rows.Select(x => ToView(x.s, x.Environment, x.Number))];
    }

    public static RaisedAlert ToRaised(MonitoringAlert a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new RaisedAlert(a.Id, a.Kind, a.Metric, a.Feature, a.Level, a.Value, a.Threshold, a.Reference, a.Occurrences > 1);
    }

    private static readonly JsonSerializerOptions WebhookJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static Dictionary<string, double> Figures(DeploymentStatistics s) => new(StringComparer.Ordinal)
    {
        [MetricCatalog.ErrorRate] = s.ErrorRate,
        [MetricCatalog.P50LatencyMs] = s.P50LatencyMs,
        [MetricCatalog.P95LatencyMs] = s.P95LatencyMs,
    };

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
        return ToView(row.Alert, row.Name);
    }

    /// <summary>The model's stored rules and the set in force: the stored ones, or the defaults when there are none.</summary>
    private static async Task<(List<ThresholdRule> Stored, IReadOnlyList<Rule> InForce)> RuleSetAsync(PortalDbContext db, int modelId, ModelType type, CancellationToken ct)
    {
        var stored = await db.ThresholdRules.AsNoTracking().Where(r => r.ModelId == modelId).OrderBy(r => r.Id).ToListAsync(ct);
        return (stored, stored.Count == 0 ? MetricCatalog.Defaults(type) : [.. stored.Select(r => new Rule(r.Metric, r.Direction, r.Warning, r.Alert))]);
    }

    private static async Task<ModelRules> RulesAsync(PortalDbContext db, int modelId, ModelType type, CancellationToken ct)
    {
        var (stored, rules) = await RuleSetAsync(db, modelId, type, ct);
        return new ModelRules(modelId, stored.Count == 0,
            [.. rules.Select(r => new ThresholdRuleView(r.Metric, r.Direction, r.Warning, r.Alert, MetricCatalog.KindOf(r.Metric)))],
            MetricCatalog.For(type), stored.FirstOrDefault()?.UpdatedAt, stored.FirstOrDefault()?.UpdatedBy);
    }

    private static void Validate(IReadOnlyList<RuleInput> rules, ModelType type)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (rules.Count > MaxRules)
        {
            errors["rules"] = [MonitoringMessages.Format(MonitoringMessages.TooManyRules, MaxRules)];
        }

        var metrics = MetricCatalog.For(type);
        var seen = new HashSet<(string, ThresholdDirection)>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var metric = rule.Metric?.Trim() ?? "";
            if (!metrics.Contains(metric))
            {
                errors[$"rules[{i}].metric"] = [MonitoringMessages.Format(MonitoringMessages.UnknownMetric, metric, string.Join(", ", metrics))];
                continue;
            }

            if (!double.IsFinite(rule.Warning) || !double.IsFinite(rule.Alert))
            {
                errors[$"rules[{i}].warning"] = [MonitoringMessages.LevelNotANumber];
                continue;
            }

            if (Math.Abs(rule.Warning) > MaxLevel || Math.Abs(rule.Alert) > MaxLevel)
            {
                errors[$"rules[{i}].{(Math.Abs(rule.Warning) > MaxLevel ? "warning" : "alert")}"] = [MonitoringMessages.Format(MonitoringMessages.LevelOutOfRange, MaxLevel)];
                continue;
            }

            var problem = rule.Direction switch
            {
                ThresholdDirection.Below when rule.Alert > rule.Warning => MonitoringMessages.BelowLevels,
                ThresholdDirection.Above when rule.Alert < rule.Warning => MonitoringMessages.AboveLevels,
                ThresholdDirection.DropFromFirst or ThresholdDirection.RiseFromFirst when rule.Warning <= 0 || rule.Alert < rule.Warning => MonitoringMessages.RelativeLevels,
                _ => null,
            };
            if (problem is not null)
            {
                errors[$"rules[{i}].alert"] = [problem];
            }

            if (!seen.Add((metric, rule.Direction)))
            {
                errors[$"rules[{i}].metric"] = [MonitoringMessages.Format(MonitoringMessages.DuplicateRule, metric)];
            }
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }
    }

    /// <summary>A threshold level's largest magnitude: above every metric's plausible value (latencies are in ms).</summary>
    public const double MaxLevel = 1e9;

    /// <summary>A period's largest request count (a trillion): more would be a unit mistake.</summary>
    public const long MaxRequests = 1_000_000_000_000;

    /// <summary>The largest latency a period may report: one day, in milliseconds.</summary>
    public const double MaxLatencyMs = 86_400_000;

    private static void Validate(StatisticsInput input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.PeriodEnd <= input.PeriodStart)
        {
            errors["periodEnd"] = [MonitoringMessages.PeriodOrder];
        }

        if (input.Requests < 0 || input.Errors < 0 || input.P50LatencyMs < 0 || input.P95LatencyMs < 0
            || !double.IsFinite(input.P50LatencyMs) || !double.IsFinite(input.P95LatencyMs))
        {
            errors["requests"] = [MonitoringMessages.NegativeFigure];
        }
        else if (input.Requests > MaxRequests)
        {
            errors["requests"] = [MonitoringMessages.Format(MonitoringMessages.RequestsOutOfRange, MaxRequests)];
        }
        else if (input.P50LatencyMs > MaxLatencyMs || input.P95LatencyMs > MaxLatencyMs)
        {
            errors[input.P50LatencyMs > MaxLatencyMs ? "p50LatencyMs" : "p95LatencyMs"] = [MonitoringMessages.Format(MonitoringMessages.LatencyOutOfRange, MaxLatencyMs)];
        }
        else if (input.Errors > input.Requests)
        {
            errors["errors"] = [MonitoringMessages.ErrorsExceedRequests];
        }
        else if (input.P95LatencyMs < input.P50LatencyMs)
        {
            errors["p95LatencyMs"] = [MonitoringMessages.LatencyOrder];
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }
    }

    private static AlertView ToView(MonitoringAlert a, string modelName) =>
        new(a.Id, a.ModelId, modelName, a.VersionNumber, a.Kind, a.Metric, a.Feature, a.Level, a.Direction, a.Value, a.Threshold, a.Reference,
            a.EvaluationId, a.DeploymentId, a.RaisedAt, a.LastSeenAt, a.Occurrences, a.Status,
            a.AcknowledgedBy, a.AcknowledgedAt, a.AcknowledgeComment, a.ResolvedBy, a.ResolvedAt, a.ResolveComment);

    private static StatisticsView ToView(DeploymentStatistics s, string environment, int version) =>
        new(s.Id, s.DeploymentId, version, environment, s.PeriodStart, s.PeriodEnd, s.Requests, s.Errors, s.ErrorRate,
            s.P50LatencyMs, s.P95LatencyMs, s.ReportedAt, s.ReportedBy);
}
