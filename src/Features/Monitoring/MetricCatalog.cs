using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Features.Monitoring.Engine;

/// <summary>The figures a rule may watch, by model type, and what kind of alert each raises.</summary>
public static class MetricCatalog
{
    public const string Psi = "psi";
    public const string ErrorRate = "errorRate";
    public const string P50LatencyMs = "p50LatencyMs";
    public const string P95LatencyMs = "p95LatencyMs";

    public static IReadOnlyList<string> Binary { get; } = ["auc", "gini", "ks", "accuracy", "precision", "recall", "f1", "logLoss", "brier"];
    public static IReadOnlyList<string> Regression { get; } = ["rmse", "mae", "r2", "mape"];
    public static IReadOnlyList<string> Stability { get; } = [ErrorRate, P50LatencyMs, P95LatencyMs];

    /// <summary>Every metric a rule of a model of this type may name, performance first.</summary>
    public static IReadOnlyList<string> For(ModelType type) =>
        [.. type == ModelType.BinaryClassification ? Binary : Regression, Psi, .. Stability];

    public static AlertKind KindOf(string metric) =>
        metric == Psi ? AlertKind.Drift : Stability.Contains(metric) ? AlertKind.Stability : AlertKind.Performance;

    /// <summary>
    /// The defaults of issue #4: the headline metric (AUC, or R² for regression) falling 5% (warning) or 10% (alert)
    /// below the version's first evaluation; PSI of 0.1 (warning) or 0.25 (alert) on any feature; and an error rate of
    /// 2% (warning) or 5% (alert) for deployments that report their figures.
    /// </summary>
    public static IReadOnlyList<Rule> Defaults(ModelType type) =>
    [
        new(type == ModelType.BinaryClassification ? "auc" : "r2", ThresholdDirection.DropFromFirst, 0.05, 0.10),
        new(Psi, ThresholdDirection.Above, 0.10, 0.25),
        new(ErrorRate, ThresholdDirection.Above, 0.02, 0.05),
    ];
}
