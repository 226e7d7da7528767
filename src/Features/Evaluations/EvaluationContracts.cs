using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Features.Monitoring;

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
    string? Note = null)
{
    /// <summary>Metric names as threshold rules and charts name them (<see cref="MetricCatalog.Performance"/>).</summary>
    public static IReadOnlyList<string> Names => MetricCatalog.Performance;

    public double? Figure(string metric) => metric switch
    {
        MetricCatalog.Auc => Auc,
        MetricCatalog.Gini => Gini,
        MetricCatalog.Ks => Ks,
        MetricCatalog.Accuracy => Accuracy,
        MetricCatalog.Precision => Precision,
        MetricCatalog.Recall => Recall,
        MetricCatalog.F1 => F1,
        MetricCatalog.LogLoss => LogLoss,
        MetricCatalog.Brier => Brier,
        MetricCatalog.Rmse => Rmse,
        MetricCatalog.Mae => Mae,
        MetricCatalog.R2 => R2,
        MetricCatalog.Mape => Mape,
        _ => null,
    };

    /// <summary>The figures this version has, by metric name.</summary>
    public Dictionary<string, double> Figures() =>
        Names.Where(n => Figure(n) is not null).ToDictionary(n => n, n => Figure(n)!.Value, StringComparer.Ordinal);
}

/// <summary>Drift of a feature; status is stable (PSI &lt; 0.1), warning (&lt; 0.25) or alert.</summary>
public sealed record FeatureDriftResult(double Psi, double? Ks, string Status);

/// <summary>What an evaluation found; stored as JSON with the evaluation.</summary>
public sealed record EvaluationFindings(
    IReadOnlyDictionary<string, VersionMetrics> Versions,
    IReadOnlyDictionary<string, FeatureDriftResult>? Drift,
    string? DriftUnavailable,
    AucComparison? Comparison,
    IReadOnlyDictionary<string, AttributeFairness>? Fairness,
    IReadOnlyDictionary<string, ScoreCurve>? Curves = null,
    IReadOnlyDictionary<string, RegressionFairness>? RegressionFairness = null,
    IReadOnlyDictionary<string, AttributeFairness>? ChallengerFairness = null,
    int? SummaryPrecision = null);

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

/// <summary>A stored evaluation with what it found.</summary>
/// <param name="SummaryPrecision">Set when the evaluation was computed from a summary (POST .../evaluations/summary): the
/// decimals its scores and numeric features were bucketed to. Scores with more decimals got the metrics of the rounded scores.</param>
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
    IReadOnlyDictionary<string, ScoreCurve>? Curves,
    IReadOnlyList<RaisedAlert>? Alerts = null,
    IReadOnlyDictionary<string, RegressionFairness>? RegressionFairness = null,
    IReadOnlyDictionary<string, AttributeFairness>? ChallengerFairness = null,
    int? SummaryPrecision = null);

/// <summary>An evaluation without its results: which batch scored which versions, when and by whom.</summary>
public sealed record EvaluationSummary(
    int Id, string Name, DateOnly? PeriodStart, DateOnly? PeriodEnd, int Version, int? Challenger, int RowCount, DateTime CreatedAt, string CreatedBy);

public sealed record EvaluationRequest(int Version, int? Challenger, DateOnly? PeriodStart, DateOnly? PeriodEnd, string? Name);

public sealed record BaselineSummary(int Version, int RowCount, IReadOnlyList<string> NumericFeatures, IReadOnlyList<string> CategoricalFeatures, DateTime CreatedAt, string CreatedBy);

/// <summary>One evaluation on a trend chart: its period, the version it monitors, every version's metrics and the drift.</summary>
public sealed record TrendPoint(
    int EvaluationId, string Name, DateOnly Period, int Version, int? Challenger, int RowCount,
    IReadOnlyDictionary<string, VersionMetrics> Versions, IReadOnlyDictionary<string, FeatureDriftResult>? Drift);

public sealed record ModelTrend(IReadOnlyList<TrendPoint> Points, EvaluationResult? Latest);

/// <summary>One evaluation's fairness figures of one attribute, for the trend.</summary>
public sealed record FairnessTrendPoint(int EvaluationId, DateOnly Period, int Version, double DisparateImpact, double? EqualizedOddsDifference, FairnessStatus Status);

/// <summary>
/// The latest fairness per attribute (groups, spreads, status) and each attribute's trend; for a regression model the
/// latest errors per group instead. <see cref="Attributes"/> are those configured on the model now. Without a version asked
/// for, the figures are those of the version each batch monitored; with one, that version's own scores in every batch
/// that scored it, as the monitored version or as the challenger (<see cref="AsChallenger"/> says which the latest was).
/// <see cref="Versions"/> are the versions that have fairness figures in some batch.
/// </summary>
public sealed record ModelFairness(
    int ModelId, string ModelName, ModelType ModelType, string Owner, IReadOnlyList<string> Attributes,
    int? EvaluationId, string? EvaluationName, int? Version, DateOnly? Period,
    IReadOnlyDictionary<string, AttributeFairness> Latest, IReadOnlyDictionary<string, IReadOnlyList<FairnessTrendPoint>> Trend,
    IReadOnlyDictionary<string, RegressionFairness>? LatestRegression = null, string? OwnerId = null,
    bool AsChallenger = false, IReadOnlyList<int>? Versions = null);

/// <summary>
/// A version's figures in its latest evaluation (as the monitored version or as the challenger), for a request's
/// evidence: metrics, and the fairness status per attribute of that version's own scores.
/// </summary>
public sealed record VersionEvaluationEvidence(
    int EvaluationId, string Name, DateOnly Period, int RowCount, VersionMetrics Metrics,
    IReadOnlyDictionary<string, FairnessStatus>? Fairness, IReadOnlyDictionary<string, double>? DisparateImpact,
    IReadOnlyDictionary<string, FeatureDriftResult>? Drift = null)
{
    /// <summary>The worst status over the attributes (fail before warning before insufficient data before pass).</summary>
    public FairnessStatus? WorstFairness => Fairness is { Count: > 0 } f
        ? f.Values.MinBy(s => s.Severity())
        : null;
}
