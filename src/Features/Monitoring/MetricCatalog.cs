using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>What a metric measures: a model's performance (of one model type), input drift, or a deployment's stability.</summary>
public enum MetricGroup
{
    Binary,
    Regression,
    Drift,
    Stability,
}

/// <summary>How a metric's value reads.</summary>
public enum MetricFormat
{
    /// <summary>A plain number (AUC 0.8123, RMSE 12.5, latency 41 ms).</summary>
    Number,

    /// <summary>A fraction shown as a percentage (error rate 2.5%).</summary>
    Percent,
}

/// <summary>One metric: the name the API, the stored figures, rules and CSVs use; its label (in MonitoringText); which way is better.</summary>
public sealed record MetricDefinition(string Name, MetricGroup Group, bool HigherIsBetter, MetricFormat Format = MetricFormat.Number)
{
    /// <summary>The key of the metric's label in MonitoringText (.resx, .ko.resx).</summary>
    public string LabelKey => "Metric." + Name;
}

/// <summary>
/// Every metric the portal computes or watches, in one place: the evaluation results, the comparison (which version
/// is better), the rules, the alert texts, the request page and the model card all read this list.
/// </summary>
public static class MetricCatalog
{
    public const string Auc = "auc";
    public const string Gini = "gini";
    public const string Ks = "ks";
    public const string Accuracy = "accuracy";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string F1 = "f1";
    public const string LogLoss = "logLoss";
    public const string Brier = "brier";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
    public const string R2 = "r2";
    public const string Mape = "mape";
    public const string Psi = "psi";
    public const string ErrorRate = "errorRate";
    public const string P50LatencyMs = "p50LatencyMs";
    public const string P95LatencyMs = "p95LatencyMs";

    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        new(Auc, MetricGroup.Binary, HigherIsBetter: true),
        new(Gini, MetricGroup.Binary, HigherIsBetter: true),
        new(Ks, MetricGroup.Binary, HigherIsBetter: true),
        new(Accuracy, MetricGroup.Binary, HigherIsBetter: true),
        new(Precision, MetricGroup.Binary, HigherIsBetter: true),
        new(Recall, MetricGroup.Binary, HigherIsBetter: true),
        new(F1, MetricGroup.Binary, HigherIsBetter: true),
        new(LogLoss, MetricGroup.Binary, HigherIsBetter: false),
        new(Brier, MetricGroup.Binary, HigherIsBetter: false),
        new(Rmse, MetricGroup.Regression, HigherIsBetter: false),
        new(Mae, MetricGroup.Regression, HigherIsBetter: false),
        new(R2, MetricGroup.Regression, HigherIsBetter: true),
        new(Mape, MetricGroup.Regression, HigherIsBetter: false),
        new(Psi, MetricGroup.Drift, HigherIsBetter: false),
        new(ErrorRate, MetricGroup.Stability, HigherIsBetter: false, MetricFormat.Percent),
        new(P50LatencyMs, MetricGroup.Stability, HigherIsBetter: false),
        new(P95LatencyMs, MetricGroup.Stability, HigherIsBetter: false),
    ];

    private static readonly Dictionary<string, MetricDefinition> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static IReadOnlyList<string> Binary { get; } = Names(MetricGroup.Binary);
    public static IReadOnlyList<string> Regression { get; } = Names(MetricGroup.Regression);
    public static IReadOnlyList<string> Stability { get; } = Names(MetricGroup.Stability);

    /// <summary>Every performance metric of either model type, binary first (the stored figures of a version).</summary>
    public static IReadOnlyList<string> Performance { get; } = [.. Binary, .. Regression];

    /// <summary>The metric, or null for a name the portal does not know.</summary>
    public static MetricDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The performance metrics of a model of this type, in the order pages list them.</summary>
    public static IReadOnlyList<string> PerformanceOf(ModelType type) => type == ModelType.BinaryClassification ? Binary : Regression;

    /// <summary>The figure a model's trend and default rule follow: AUC, or R² for regression.</summary>
    public static string Headline(ModelType type) => type == ModelType.BinaryClassification ? Auc : R2;

    /// <summary>Whether a higher value is better (AUC, R²); false for errors and losses (log loss, RMSE) and unknown names.</summary>
    public static bool HigherIsBetter(string name) => Find(name)?.HigherIsBetter ?? false;

    /// <summary>Every metric a rule of a model of this type may name, performance first.</summary>
    public static IReadOnlyList<string> For(ModelType type) =>
        [.. PerformanceOf(type), Psi, .. Stability];

    public static AlertKind KindOf(string metric) => Find(metric)?.Group switch
    {
        MetricGroup.Drift => AlertKind.Drift,
        MetricGroup.Stability => AlertKind.Stability,
        _ => AlertKind.Performance,
    };

    private static string[] Names(MetricGroup group) => [.. All.Where(m => m.Group == group).Select(m => m.Name)];

    /// <summary>
    /// The defaults of issue #4: the headline metric (AUC, or R² for regression) falling 5% (warning) or 10% (alert)
    /// below the version's first evaluation; PSI of 0.1 (warning) or 0.25 (alert) on any feature; and an error rate of
    /// 2% (warning) or 5% (alert) for deployments that report their figures.
    /// </summary>
    public static IReadOnlyList<Rule> Defaults(ModelType type) =>
    [
        new(Headline(type), ThresholdDirection.DropFromFirst, 0.05, 0.10),
        new(Psi, ThresholdDirection.Above, 0.10, 0.25),
        new(ErrorRate, ThresholdDirection.Above, 0.02, 0.05),
    ];
}
