using System.Globalization;
using System.Text.Json;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>The engine reproduces TestData/ (scikit-learn/SciPy values) to within 1e-9.</summary>
public sealed class ReferenceValuesTests
{
    private const double Tolerance = 1e-9;
    private static readonly string TestData = RepositoryFiles.TestData;

    private sealed record Table(Dictionary<string, string[]> Columns)
    {
        public double[] Numbers(string column) => [.. Columns[column].Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
        public int[] Labels => [.. Columns["label"].Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
    }

    private static Table Read(string relative)
    {
        var lines = File.ReadAllLines(Path.Combine(TestData, relative));
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        return new Table(header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => rows.Select(r => r[x.i]).ToArray()));
    }

    private static JsonElement Expected(string relative) => JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData, relative))).RootElement;

    private static void Near(JsonElement expected, string property, double actual) =>
        Assert.True(Math.Abs(expected.GetProperty(property).GetDouble() - actual) <= Tolerance,
            $"{property}: expected {expected.GetProperty(property).GetDouble():R}, got {actual:R}");

    private static void AssertBinary(JsonElement expected, BinaryMetrics actual)
    {
        Near(expected, "auc", actual.Auc!.Value);
        Near(expected, "gini", actual.Gini!.Value);
        Near(expected, "ks", actual.Ks!.Value);
        Near(expected, "accuracy", actual.Accuracy);
        Near(expected, "precision", actual.Precision);
        Near(expected, "recall", actual.Recall);
        Near(expected, "f1", actual.F1);
        Near(expected, "log_loss", actual.LogLoss);
        Near(expected, "brier", actual.Brier);
        Assert.Equal(expected.GetProperty("count").GetInt32(), actual.Count);
        Assert.Equal(expected.GetProperty("positives").GetInt32(), actual.Positives);
    }

    [Theory]
    [InlineData("current")]
    [InlineData("current_ties")]
    public void Binary_metrics_of_champion_and_challenger(string batch)
    {
        var data = Read($"evaluation/{batch}.csv");
        var expected = Expected($"evaluation/expected_{batch}.json");

        AssertBinary(expected.GetProperty("champion"), BinaryMetrics.Compute(data.Numbers("score"), data.Labels));
        AssertBinary(expected.GetProperty("challenger"), BinaryMetrics.Compute(data.Numbers("challenger_score"), data.Labels));
    }

    [Theory]
    [InlineData("current")]
    [InlineData("current_ties")]
    public void Drift_of_each_feature_against_the_reference(string batch)
    {
        var reference = Read("evaluation/reference.csv");
        var current = Read($"evaluation/{batch}.csv");
        var expected = Expected($"evaluation/expected_{batch}.json").GetProperty("drift");

        foreach (var feature in new[] { "income", "utilization", "tenure_months" })
        {
            var drift = Drift.Numeric(NumericBaseline.From(reference.Numbers(feature)), current.Numbers(feature));
            Near(expected.GetProperty(feature), "psi", drift.Psi);
            Near(expected.GetProperty(feature), "ks", drift.Ks!.Value);
        }

        var region = Drift.Categorical(CategoricalBaseline.From(CategoricalValues.Of(reference.Columns["region"])), CategoricalValues.Of(current.Columns["region"]));
        Near(expected.GetProperty("region"), "psi", region.Psi);
        Assert.Null(region.Ks);
    }

    [Theory]
    [InlineData("current")]
    [InlineData("current_ties")]
    public void Fairness_by_sensitive_attribute(string batch)
    {
        var data = Read($"evaluation/{batch}.csv");
        var expected = Expected($"evaluation/expected_{batch}.json").GetProperty("fairness");

        foreach (var attribute in expected.EnumerateObject())
        {
            var actual = AttributeFairness.Compute(CategoricalValues.Of(data.Columns[attribute.Name]), data.Numbers("score"), data.Labels);
            var groups = attribute.Value.GetProperty("groups");
            Assert.Equal(groups.EnumerateObject().Select(g => g.Name).Order(StringComparer.Ordinal), actual.Groups.Keys.Order(StringComparer.Ordinal));
            foreach (var group in groups.EnumerateObject())
            {
                var rates = actual.Groups[group.Name];
                Assert.Equal(group.Value.GetProperty("count").GetInt32(), rates.Count);
                Near(group.Value, "selection_rate", rates.SelectionRate);
                Near(group.Value, "tpr", rates.Tpr!.Value);
                Near(group.Value, "fpr", rates.Fpr!.Value);
            }

            Near(attribute.Value, "demographic_parity_difference", actual.DemographicParityDifference);
            Near(attribute.Value, "disparate_impact", actual.DisparateImpact);
            Near(attribute.Value, "equal_opportunity_difference", actual.EqualOpportunityDifference!.Value);
            Near(attribute.Value, "equalized_odds_difference", actual.EqualizedOddsDifference!.Value);
        }
    }

    [Theory]
    [InlineData("current")]
    [InlineData("current_ties")]
    public void Paired_delong_comparison(string batch)
    {
        var data = Read($"evaluation/{batch}.csv");
        var expected = Expected($"evaluation/expected_{batch}.json").GetProperty("comparison");

        var comparison = AucComparison.Compute(data.Numbers("score"), data.Numbers("challenger_score"), data.Labels);

        Near(expected, "auc_difference", comparison.AucDifference);
        Near(expected, "z", comparison.Z);
        var p = expected.GetProperty("p_value").GetDouble();
        Assert.True(Math.Abs(comparison.PValue - p) <= Tolerance * p, $"p_value: expected {p:R}, got {comparison.PValue:R}");
        Assert.InRange(comparison.AucDifference, comparison.CiLower, comparison.CiUpper);
    }

    [Fact]
    public void Regression_metrics()
    {
        var data = Read("regression/regression.csv");
        var expected = Expected("regression/expected_regression.json");

        var actual = RegressionMetrics.Compute(data.Numbers("score"), data.Numbers("label"));

        Near(expected, "rmse", actual.Rmse);
        Near(expected, "mae", actual.Mae);
        Near(expected, "r2", actual.R2);
        Near(expected, "mape", actual.Mape);
        Assert.Equal(expected.GetProperty("count").GetInt32(), actual.Count);
    }

    [Fact]
    public void A_batch_of_one_class_has_no_auc_or_ks_but_still_its_other_metrics()
    {
        var metrics = BinaryMetrics.Compute([0.2, 0.7, 0.9], [1, 1, 1]);

        Assert.Null(metrics.Auc);
        Assert.Null(metrics.Gini);
        Assert.Null(metrics.Ks);
        Assert.Equal(2 / 3.0, metrics.Accuracy, 12);
        Assert.Equal(3, metrics.Positives);
    }

    [Fact]
    public void Small_hand_checked_batch_with_ties()
    {
        // Positives 0.8, 0.4; negatives 0.4, 0.1: pairs (0.8>0.4, 0.8>0.1, 0.4=0.4 → ½, 0.4>0.1) → AUC 3.5/4.
        var metrics = BinaryMetrics.Compute([0.8, 0.4, 0.4, 0.1], [1, 1, 0, 0]);

        Assert.Equal(0.875, metrics.Auc!.Value, 12);
        Assert.Equal(0.75, metrics.Gini!.Value, 12);
        Assert.Equal(0.5, metrics.Ks!.Value, 12);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 0.157299207050285130658)]
    [InlineData(3.5, 7.43098372341412745e-7)]
    [InlineData(8.0, 1.12242971729829270e-29)]
    public void The_normal_tail_keeps_its_digits_far_out(double x, double erfc)
    {
        Assert.True(Math.Abs(NormalDistribution.Erfc(x) - erfc) <= 1e-13 * erfc, $"erfc({x}) = {NormalDistribution.Erfc(x):R}, expected {erfc:R}");
    }
}
