using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>A deployment's operational figures (requests, errors, latency) per period, held against the model's stability rules.</summary>
public sealed class DeploymentFigures(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, RaiseAlerts alerts)
{
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
        var raised = await alerts.RaiseAsync(db, model.ModelType, new Observation(model.Id, deployment.Version.Number, null, deploymentId,
            Figures(statistics), first is null || first.PeriodStart >= statistics.PeriodStart ? null : Figures(first), new Dictionary<string, double>()), ct);
        await db.SaveChangesAsync(ct);
        await alerts.QueueWebhooksAsync(db, raised, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new StatisticsResult(ToView(statistics, deployment.Environment, deployment.Version.Number), [.. raised.Select(RaiseAlerts.ToRaised)]);
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

    private static Dictionary<string, double> Figures(DeploymentStatistics s) => new(StringComparer.Ordinal)
    {
        [MetricCatalog.ErrorRate] = s.ErrorRate,
        [MetricCatalog.P50LatencyMs] = s.P50LatencyMs,
        [MetricCatalog.P95LatencyMs] = s.P95LatencyMs,
    };

    private static StatisticsView ToView(DeploymentStatistics s, string environment, int version) =>
        new(s.Id, s.DeploymentId, version, environment, s.PeriodStart, s.PeriodEnd, s.Requests, s.Errors, s.ErrorRate,
            s.P50LatencyMs, s.P95LatencyMs, s.ReportedAt, s.ReportedBy);
}
