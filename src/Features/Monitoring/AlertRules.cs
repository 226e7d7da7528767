using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>A model's threshold rules: the defaults of its type until a validator sets its own (audited).</summary>
public sealed class AlertRules(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditTrail audit)
{
    public const int MaxRules = 30;

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

    /// <summary>The model's stored rules and the set in force: the stored ones, or the defaults when there are none.</summary>
    internal static async Task<(List<ThresholdRule> Stored, IReadOnlyList<Rule> InForce)> RuleSetAsync(PortalDbContext db, int modelId, ModelType type, CancellationToken ct)
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
}
