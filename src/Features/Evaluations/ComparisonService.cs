using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>What the paired test says, for a validator.</summary>
public enum ComparisonVerdict
{
    ChallengerBetter,
    NoSignificantDifference,
    ChallengerWorse,
}

/// <summary>One metric of both versions on the same rows, with the difference and the side that is better.</summary>
public sealed record MetricComparison(string Metric, double? Champion, double? Challenger, double? Difference, string? Better);

/// <summary>The paired DeLong test oriented champion → challenger, and its verdict at the chosen alpha.</summary>
public sealed record SignificanceResult(double AucDifference, double Z, double PValue, double CiLower, double CiUpper, double Alpha, ComparisonVerdict Verdict);

/// <summary>A version as the comparison shows it: what it is and what it was built from.</summary>
public sealed record ComparedVersion(
    int Number, VersionStage Stage, ProductionRole Role, string Algorithm, ModelLanguage Language, string Framework,
    string DatasetName, DateOnly? DatasetSnapshot, string CodeCommit, IReadOnlyList<string> Features);

/// <summary>One period where both versions were scored on the same rows.</summary>
public sealed record SharedPoint(int EvaluationId, DateOnly Period, IReadOnlyDictionary<string, double> Champion, IReadOnlyDictionary<string, double> Challenger);

public sealed record ModelComparison(
    int ModelId, string ModelName, ModelType ModelType, ComparedVersion Champion, ComparedVersion Challenger,
    IReadOnlyList<string> FeaturesAdded, IReadOnlyList<string> FeaturesRemoved,
    int? LatestEvaluationId, string? LatestEvaluationName, int RowCount,
    IReadOnlyList<MetricComparison> Metrics, SignificanceResult? Significance,
    ScoreCurve? ChampionCurve, ScoreCurve? ChallengerCurve, int? Positives,
    IReadOnlyList<SharedPoint> Trend,
    IReadOnlyDictionary<string, FeatureDriftResult>? ChampionDrift);

/// <summary>
/// Champion against challenger on the evaluations where both were scored on the same rows (a batch with
/// challenger_score). The significance comes from the paired DeLong test stored with the latest shared batch.
/// </summary>
public sealed class ComparisonService(IDbContextFactory<PortalDbContext> dbFactory)
{
    public static IReadOnlyList<double> Alphas { get; } = [0.01, 0.05, 0.10];

    /// <summary>
    /// The model's name, its version numbers and the version to compare from: its champion, else the version its
    /// latest batch monitored. Null when there is no such model.
    /// </summary>
    public async Task<(string Name, IReadOnlyList<int> Versions, int? Champion)?> ModelVersionsAsync(int modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = await db.Models.Where(m => m.Id == modelId).Select(m => m.Name).SingleOrDefaultAsync(ct);
        if (name is null)
        {
            return null;
        }

        var versions = await db.Versions.Where(v => v.ModelId == modelId).OrderBy(v => v.Number).Select(v => new { v.Number, v.ProductionRole }).ToListAsync(ct);
        var monitored = await db.Evaluations.Where(e => e.ModelId == modelId).OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Select(e => (int?)e.VersionNumber).FirstOrDefaultAsync(ct);
        return (name, [.. versions.Select(v => v.Number)], versions.FirstOrDefault(v => v.ProductionRole == ProductionRole.Champion)?.Number ?? monitored);
    }

    /// <summary>The versions that share at least one evaluation with <paramref name="champion"/>.</summary>
    public async Task<IReadOnlyList<int>> ChallengersOfAsync(int modelId, int champion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pairs = await db.Evaluations.AsNoTracking().Where(e => e.ModelId == modelId && e.ChallengerNumber != null)
            .Select(e => new { e.VersionNumber, e.ChallengerNumber }).Distinct().ToListAsync(ct);
        return [.. pairs.Where(p => p.VersionNumber == champion || p.ChallengerNumber == champion)
            .Select(p => p.VersionNumber == champion ? p.ChallengerNumber!.Value : p.VersionNumber).Distinct().Order()];
    }

    /// <returns>Null when the model or either version does not exist.</returns>
    /// <exception cref="InputRejectedException">
    /// The versions are the same, alpha is outside (0, 0.5], or no champion was named and the model has none.
    /// </exception>
    public async Task<ModelComparison?> CompareAsync(int modelId, int? champion, int challenger, double alpha = 0.05, CancellationToken ct = default)
    {
        if (!(alpha > 0 && alpha <= 0.5))
        {
            throw InputRejectedException.For("alpha", EvaluationMessages.AlphaRange);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().AsSplitQuery().Include(m => m.Versions).ThenInclude(v => v.Features)
            .SingleOrDefaultAsync(m => m.Id == modelId, ct);
        var championNumber = champion ?? model?.Versions.FirstOrDefault(v => v.ProductionRole == ProductionRole.Champion)?.Number;
        if (model is not null && championNumber is null)
        {
            throw InputRejectedException.For("champion", EvaluationMessages.Format(EvaluationMessages.NoChampion, modelId));
        }

        var a = model?.Versions.SingleOrDefault(v => v.Number == championNumber);
        var b = model?.Versions.SingleOrDefault(v => v.Number == challenger);
        if (model is null || a is null || b is null)
        {
            return null;
        }

        if (a.Number == b.Number)
        {
            throw InputRejectedException.For("challenger", EvaluationMessages.SameVersion);
        }

        var shared = await db.Evaluations.AsNoTracking()
            .Where(e => e.ModelId == modelId && ((e.VersionNumber == a.Number && e.ChallengerNumber == b.Number) || (e.VersionNumber == b.Number && e.ChallengerNumber == a.Number)))
            .ToListAsync(ct);
        var points = StoredEvaluations.InPeriodOrder(shared);
        var keyA = a.Number.ToString(CultureInfo.InvariantCulture);
        var keyB = b.Number.ToString(CultureInfo.InvariantCulture);
        var trend = points.Where(p => p.Findings.Versions.ContainsKey(keyA) && p.Findings.Versions.ContainsKey(keyB))
            .Select(p => new SharedPoint(p.Evaluation.Id, p.Period, p.Findings.Versions[keyA].Figures(), p.Findings.Versions[keyB].Figures()))
            .ToList();
        var latest = points.Count == 0 ? null : points[^1];
        var metricsA = latest?.Findings.Versions.GetValueOrDefault(keyA);
        var metricsB = latest?.Findings.Versions.GetValueOrDefault(keyB);
        var metrics = VersionMetrics.Names
            .Select(name => (name, x: metricsA?.Figure(name), y: metricsB?.Figure(name)))
            .Where(m => m.x is not null || m.y is not null)
            .Select(m => new MetricComparison(m.name, m.x, m.y, m.y - m.x,
                m.x is double x && m.y is double y && x != y ? ((y > x) == MetricCatalog.HigherIsBetter(m.name) ? "challenger" : "champion") : null))
            .ToList();
        var featuresA = a.Features.OrderBy(f => f.Ordinal).Select(f => f.Name).ToList();
        var featuresB = b.Features.OrderBy(f => f.Ordinal).Select(f => f.Name).ToList();
        return new ModelComparison(model.Id, model.Name, model.ModelType, Describe(a), Describe(b),
            [.. featuresB.Except(featuresA, StringComparer.Ordinal)], [.. featuresA.Except(featuresB, StringComparer.Ordinal)],
            latest?.Evaluation.Id, latest?.Evaluation.Name, latest?.Evaluation.RowCount ?? 0, metrics,
            latest is { } l ? Significance(l.Findings.Comparison, championIsPrimary: l.Evaluation.VersionNumber == a.Number, alpha) : null,
            latest?.Findings.Curves?.GetValueOrDefault(keyA), latest?.Findings.Curves?.GetValueOrDefault(keyB), metricsA?.Positives,
            trend, latest?.Findings.Drift);
    }

    /// <summary>
    /// The stored test is oriented as the batch was uploaded (challenger − primary version). When the champion was
    /// uploaded as the challenger, the difference, z and interval change sign; the p-value does not.
    /// </summary>
    public static SignificanceResult? Significance(AucComparison? stored, bool championIsPrimary, double alpha)
    {
        if (stored is null)
        {
            return null;
        }

        var sign = championIsPrimary ? 1 : -1;
        var (low, high) = championIsPrimary ? (stored.CiLower, stored.CiUpper) : (-stored.CiUpper, -stored.CiLower);
        var difference = sign * stored.AucDifference;
        var verdict = stored.PValue >= alpha ? ComparisonVerdict.NoSignificantDifference
            : difference > 0 ? ComparisonVerdict.ChallengerBetter : ComparisonVerdict.ChallengerWorse;
        return new SignificanceResult(difference, sign * stored.Z, stored.PValue, low, high, alpha, verdict);
    }

    private static ComparedVersion Describe(ModelVersion v) =>
        new(v.Number, v.Stage, v.ProductionRole, v.Algorithm, v.Language, v.Framework, v.TrainingDataset.Name, v.TrainingDataset.SnapshotDate,
            v.CodeCommit, [.. v.Features.OrderBy(f => f.Ordinal).Select(f => f.Name)]);
}
