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
    IReadOnlyDictionary<string, AttributeFairness>? Fairness);

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
    IReadOnlyDictionary<string, AttributeFairness>? Fairness);

public sealed record EvaluationRequest(int Version, int? Challenger, DateOnly? PeriodStart, DateOnly? PeriodEnd, string? Name);

public sealed record BaselineSummary(int Version, int RowCount, IReadOnlyList<string> NumericFeatures, IReadOnlyList<string> CategoricalFeatures, DateTime CreatedAt, string CreatedBy);
