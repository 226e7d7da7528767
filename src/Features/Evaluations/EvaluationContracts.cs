using ModelOpsPortal.Features.Evaluations.Engine;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>Metrics of one version on the batch: the binary fields or the regression ones are set.</summary>
public sealed record VersionMetrics(
    int Count,
    int? Positives = null,
    double? Auc = null,
    double? Gini = null,
    double? Ks = null,
    double? Accuracy = null,
    double? Precision = null,
    double? Recall = null,
    double? F1 = null,
    double? LogLoss = null,
    double? Brier = null,
    double? Rmse = null,
    double? Mae = null,
    double? R2 = null,
    double? Mape = null,
    string? Note = null);

/// <summary>Drift of a feature; status is stable (PSI &lt; 0.1), warning (&lt; 0.25) or alert.</summary>
public sealed record FeatureDriftResult(double Psi, double? Ks, string Status);

/// <summary>What an evaluation found; stored as JSON with the evaluation.</summary>
public sealed record EvaluationFindings(
    IReadOnlyDictionary<string, VersionMetrics> Versions,
    IReadOnlyDictionary<string, FeatureDriftResult>? Drift,
    string? DriftUnavailable,
    AucComparison? Comparison,
    IReadOnlyDictionary<string, AttributeFairness>? Fairness,
    IReadOnlyDictionary<string, ScoreCurve>? Curves = null);

/// <summary>
/// A version's score distribution by class at about 200 thresholds (ascending), for the ROC and KS charts: at each
/// threshold the share of positives and of negatives scoring at or below it. ROC: (1 − negativesBelow, 1 − positivesBelow).
/// </summary>
public sealed record ScoreCurve(double[] Threshold, double[] PositivesBelow, double[] NegativesBelow)
{
    public static ScoreCurve From(RankedScores ranks)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        var points = ranks.Curve;
        return new ScoreCurve(
            [.. points.Select(p => Math.Round(p.Threshold, 6))],
            [.. points.Select(p => Math.Round(p.PositivesBelow, 6))],
            [.. points.Select(p => Math.Round(p.NegativesBelow, 6))]);
    }
}

public sealed record EvaluationResult(
    int Id,
    int ModelId,
    int Version,
    int? Challenger,
    string Name,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    int RowCount,
    DateTime CreatedAt,
    string CreatedBy,
    IReadOnlyDictionary<string, VersionMetrics> Versions,
    IReadOnlyDictionary<string, FeatureDriftResult>? Drift,
    string? DriftUnavailable,
    AucComparison? Comparison,
    IReadOnlyDictionary<string, AttributeFairness>? Fairness,
    IReadOnlyDictionary<string, ScoreCurve>? Curves);

public sealed record EvaluationRequest(int Version, int? Challenger, DateOnly? PeriodStart, DateOnly? PeriodEnd, string? Name);

public sealed record BaselineSummary(int Version, int RowCount, IReadOnlyList<string> NumericFeatures, IReadOnlyList<string> CategoricalFeatures, DateTime CreatedAt, string CreatedBy);
