using System.Globalization;
using System.Resources;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Monitoring;

namespace ModelOpsPortal.Tests.Monitoring;

/// <summary>The one list of metrics every page, rule and comparison reads.</summary>
public sealed class MetricCatalogTests
{
    [Fact]
    public void Every_metric_has_a_label_in_english_and_korean()
    {
        var resources = new ResourceManager(typeof(MonitoringText));
        var korean = resources.GetResourceSet(CultureInfo.GetCultureInfo("ko"), createIfNotExists: true, tryParents: false)!;
        foreach (var metric in MetricCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(resources.GetString(metric.LabelKey, CultureInfo.InvariantCulture)), metric.Name);
            Assert.False(string.IsNullOrWhiteSpace(korean.GetString(metric.LabelKey)), metric.Name);
        }
    }

    [Fact]
    public void A_versions_figures_answer_every_performance_metric_of_the_catalog()
    {
        var binary = new VersionMetrics(100, 40, Auc: 0.8, Gini: 0.6, Ks: 0.5, Accuracy: 0.7, Precision: 0.6, Recall: 0.5, F1: 0.55, LogLoss: 0.45, Brier: 0.18);
        var regression = new VersionMetrics(100, Rmse: 1.5, Mae: 1.1, R2: 0.7, Mape: 0.12);

        Assert.Equal(MetricCatalog.Binary, binary.Figures().Keys);
        Assert.Equal(MetricCatalog.Regression, regression.Figures().Keys);
        Assert.Equal(MetricCatalog.Performance, VersionMetrics.Names);
    }

    [Theory]
    [InlineData(MetricCatalog.Auc, true)]
    [InlineData(MetricCatalog.R2, true)]
    [InlineData(MetricCatalog.LogLoss, false)]
    [InlineData(MetricCatalog.Brier, false)]
    [InlineData(MetricCatalog.Rmse, false)]
    [InlineData(MetricCatalog.Mape, false)]
    [InlineData(MetricCatalog.Psi, false)]
    [InlineData("no-such-metric", false)]
    public void Each_metric_says_which_way_is_better(string metric, bool higherIsBetter) =>
        Assert.Equal(higherIsBetter, MetricCatalog.HigherIsBetter(metric));

    [Fact]
    public void Pages_list_every_performance_metric_of_the_model_type_log_loss_included()
    {
        Assert.Contains(MetricCatalog.LogLoss, MetricCatalog.PerformanceOf(ModelType.BinaryClassification));
        Assert.Equal([MetricCatalog.Rmse, MetricCatalog.Mae, MetricCatalog.R2, MetricCatalog.Mape], MetricCatalog.PerformanceOf(ModelType.Regression));
        Assert.Equal(MetricCatalog.Auc, MetricCatalog.Headline(ModelType.BinaryClassification));
        Assert.Equal(MetricCatalog.R2, MetricCatalog.Headline(ModelType.Regression));
    }

    [Theory]
    [InlineData(MetricCatalog.Psi, AlertKind.Drift)]
    [InlineData(MetricCatalog.ErrorRate, AlertKind.Stability)]
    [InlineData(MetricCatalog.P95LatencyMs, AlertKind.Stability)]
    [InlineData(MetricCatalog.Auc, AlertKind.Performance)]
    [InlineData(MetricCatalog.Mape, AlertKind.Performance)]
    public void A_crossing_raises_the_kind_of_alert_its_metric_belongs_to(string metric, AlertKind kind) =>
        Assert.Equal(kind, MetricCatalog.KindOf(metric));
}
