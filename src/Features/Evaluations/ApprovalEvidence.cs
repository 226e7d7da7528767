using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>The comparison with the champion when the request was made.</summary>
public sealed record ComparisonEvidence(int Champion, int? EvaluationId, string? EvaluationName, int RowCount,
    IReadOnlyList<MetricComparison> Metrics, SignificanceResult? Significance);

/// <summary>What the requester's case rested on, frozen when the request was made.</summary>
public sealed record RequestEvidence(
    DateTime FrozenAt, VersionEvaluationEvidence? Latest, ComparisonEvidence? Comparison, VersionEvaluationEvidence? Champion, FairnessStatus? FairnessStatus);

/// <summary>
/// The evaluation evidence a lifecycle request is judged on: all the lifecycle asks of evaluations (it freezes the
/// answer on the request; the model card shows a version's figures the same way).
/// </summary>
public interface IApprovalEvidence
{
    /// <summary>The evidence as it stands now: the version's latest figures, the champion's, and the comparison between them.</summary>
    Task<RequestEvidence> GatherAsync(int modelId, int version, int? champion, CancellationToken ct = default);

    /// <summary>The version's figures in its latest evaluation (by period) where it was scored, monitored or as challenger; null when it never was.</summary>
    Task<VersionEvaluationEvidence?> VersionAsync(int modelId, int version, CancellationToken ct = default);
}

public sealed class ApprovalEvidence(IDbContextFactory<PortalDbContext> dbFactory, ComparisonService comparisons, TimeProvider clock) : IApprovalEvidence
{
    public async Task<RequestEvidence> GatherAsync(int modelId, int version, int? champion, CancellationToken ct = default)
    {
        var latest = await VersionAsync(modelId, version, ct);
        VersionEvaluationEvidence? championFigures = null;
        ComparisonEvidence? comparison = null;
        if (champion is int number && number != version)
        {
            championFigures = await VersionAsync(modelId, number, ct);
            try
            {
                var compared = await comparisons.CompareAsync(modelId, number, version, ct: ct);
                if (compared is { LatestEvaluationId: not null })
                {
                    comparison = new ComparisonEvidence(number, compared.LatestEvaluationId, compared.LatestEvaluationName, compared.RowCount,
                        compared.Metrics, compared.Significance);
                }
            }
            catch (InputRejectedException)
            {
                // No shared batch or not comparable: the evidence says so by leaving the comparison out.
            }
        }

        return new RequestEvidence(clock.GetUtcNow().UtcDateTime, latest, comparison, championFigures, latest?.WorstFairness);
    }

    public async Task<VersionEvaluationEvidence?> VersionAsync(int modelId, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = StoredEvaluations.InPeriodOrder(await db.Evaluations.AsNoTracking()
                .Where(e => e.ModelId == modelId && (e.VersionNumber == version || e.ChallengerNumber == version))
                .OrderByDescending(e => e.PeriodStart ?? e.PeriodEnd).ThenByDescending(e => e.Id).Take(24).ToListAsync(ct))
            .LastOrDefault();
        if (latest is null || !latest.Findings.Versions.TryGetValue(version.ToString(CultureInfo.InvariantCulture), out var metrics))
        {
            return null;
        }

        var fairness = latest.Evaluation.VersionNumber == version ? latest.Findings.Fairness : latest.Findings.ChallengerFairness;
        return new VersionEvaluationEvidence(latest.Evaluation.Id, latest.Evaluation.Name, latest.Period, latest.Evaluation.RowCount, metrics,
            fairness?.ToDictionary(a => a.Key, a => a.Value.Status, StringComparer.Ordinal),
            fairness?.ToDictionary(a => a.Key, a => a.Value.DisparateImpact, StringComparer.Ordinal),
            latest.Evaluation.VersionNumber == version ? latest.Findings.Drift : null); // drift is measured for the monitored version's inputs
    }
}
