using System.Globalization;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>What fairness adds to the reference rates: group AUC and precision, Wilson intervals, and an honest status.</summary>
public sealed class FairnessTests
{
    private static (string[] Gender, double[] Scores, int[] Labels) Current()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryFiles.TestData, "evaluation", "current.csv"));
        var header = lines[0].Split(',').Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        return ([.. rows.Select(r => r[header["gender"]])],
            [.. rows.Select(r => double.Parse(r[header["score"]], CultureInfo.InvariantCulture))],
            [.. rows.Select(r => int.Parse(r[header["label"]], CultureInfo.InvariantCulture))]);
    }

    [Fact]
    public void Each_groups_auc_and_precision_equal_the_metrics_of_its_rows_alone()
    {
        var (gender, scores, labels) = Current();

        var fairness = AttributeFairness.Compute(CategoricalValues.Of(gender), scores, labels);

        foreach (var (group, rates) in fairness.Groups)
        {
            var rows = Enumerable.Range(0, gender.Length).Where(i => gender[i] == group).ToArray();
            var alone = BinaryMetrics.Compute([.. rows.Select(i => scores[i])], [.. rows.Select(i => labels[i])]);
            Assert.Equal(alone.Auc!.Value, rates.Auc!.Value, 12);
            Assert.Equal(alone.Precision, rates.Precision!.Value, 12);
        }
    }

    [Fact]
    public void The_wilson_interval_matches_the_textbook_values()
    {
        var interval = Interval.Wilson(8, 10)!;

        Assert.Equal(0.4902, interval.Low, 4);
        Assert.Equal(0.9433, interval.High, 4);
        Assert.Null(Interval.Wilson(0, 0));
        Assert.Equal(0, Interval.Wilson(0, 40)!.Low);
    }

    /// <summary>Rows for groups given as (name, rows, share predicted positive, share of actual positives).</summary>
    private static AttributeFairness Synthetic(FairnessRules? rules = null, params (string Name, int Rows, double Selected, double Positive)[] groups)
    {
        var names = new List<string>();
        var scores = new List<double>();
        var labels = new List<int>();
        foreach (var (name, rows, selected, positive) in groups)
        {
            for (var i = 0; i < rows; i++)
            {
                names.Add(name);
                scores.Add(i < selected * rows ? 0.9 : 0.1);
                labels.Add((i * 7919 % rows) < positive * rows ? 1 : 0);
            }
        }

        return AttributeFairness.Compute(CategoricalValues.Of(names), scores.ToArray(), labels.ToArray(), rules: rules);
    }

    [Fact]
    public void Disparate_impact_below_the_rule_fails_only_when_the_intervals_are_apart()
    {
        var large = Synthetic(null, ("A", 1000, 0.5, 0.4), ("B", 1000, 0.3, 0.4));
        var small = Synthetic(new FairnessRules(MinGroupSize: 5), ("A", 10, 0.5, 0.4), ("B", 10, 0.3, 0.4));

        Assert.Equal((FairnessStatus.Fail, "di-fail"), (large.Status, large.StatusReason));
        Assert.Equal(0.6, large.DisparateImpact, 12);
        Assert.Equal(0.6, small.DisparateImpact, 12);
        Assert.NotEqual(FairnessStatus.Fail, small.Status); // same ratio, but ten rows a group cannot tell
    }

    [Fact]
    public void A_group_below_the_minimum_is_not_judged_and_a_group_without_positives_has_no_tpr()
    {
        var fairness = Synthetic(null, ("A", 400, 0.5, 0.3), ("B", 400, 0.48, 0.3), ("tiny", 20, 0.0, 0.0));

        var tiny = fairness.Groups["tiny"];
        Assert.False(tiny.Judged);
        Assert.Null(tiny.Tpr);
        Assert.Null(tiny.TprInterval);
        Assert.Null(tiny.Precision);
        Assert.Equal(FairnessStatus.Pass, fairness.Status); // the tiny group's zero selection rate is not held against the model
        Assert.Equal(0, fairness.DisparateImpact); // while the reference spread still counts every group, as defined
        Assert.Equal((FairnessStatus.InsufficientData, "too-few-groups"), AttributeFairness.Judge(
            new Dictionary<string, GroupRates> { ["A"] = fairness.Groups["A"], ["tiny"] = tiny }, new FairnessRules()));
    }

    [Fact]
    public void Regression_groups_carry_mean_prediction_mean_actual_and_mae_and_small_groups_are_not_judged()
    {
        // Group a: predictions 1,2,3 against 2,2,5 -> means 2 and 3, MAE (1+0+2)/3 = 1. Group b: 10 against 7 -> MAE 3.
        var groups = CategoricalValues.Of(["a", "b", "a", "a"]);
        double[] predicted = [1, 10, 2, 3];
        double[] actual = [2, 7, 2, 5];

        var all = RegressionFairness.Compute(groups, predicted, actual, new FairnessRules(MinGroupSize: 1));
        var strict = RegressionFairness.Compute(groups, predicted, actual, new FairnessRules(MinGroupSize: 2));

        Assert.Equal(new RegressionGroup(3, 2, 3, 1), all.Groups["a"]);
        Assert.Equal(new RegressionGroup(1, 10, 7, 3), all.Groups["b"]);
        Assert.Equal(2, all.MaeDifference!.Value, 12);
        Assert.False(strict.Groups["b"].Judged);
        Assert.Null(strict.MaeDifference);
    }
}
