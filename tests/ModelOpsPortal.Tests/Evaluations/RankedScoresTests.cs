using ModelOpsPortal.Features.Evaluations.Engine;

namespace ModelOpsPortal.Tests.Evaluations;

public sealed class RankedScoresTests
{
    [Fact]
    public void The_chart_curve_is_small_ascending_ends_at_one_and_passes_through_the_ks_point()
    {
        var random = new Random(3);
        var n = 100_000;
        var labels = new int[n];
        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = random.NextDouble() < 0.3 ? 1 : 0;
            scores[i] = Math.Round(Math.Clamp(0.35 + 0.2 * labels[i] + 0.2 * (random.NextDouble() - 0.5), 0, 1), 4);
        }

        var ranked = RankedScores.Compute(scores, labels);
        var curve = ranked.Curve;

        Assert.InRange(curve.Count, 50, 2 * RankedScores.CurvePoints + 2);
        Assert.True(curve.Zip(curve.Skip(1)).All(p => p.First.Threshold < p.Second.Threshold), "thresholds ascend");
        Assert.True(curve.Zip(curve.Skip(1)).All(p => p.First.PositivesBelow <= p.Second.PositivesBelow && p.First.NegativesBelow <= p.Second.NegativesBelow));
        Assert.Equal(1.0, curve[^1].PositivesBelow, 12);
        Assert.Equal(1.0, curve[^1].NegativesBelow, 12);
        Assert.Equal(ranked.Ks!.Value, curve.Max(p => Math.Abs(p.PositivesBelow - p.NegativesBelow)), 12);
    }

    [Fact]
    public void One_class_gives_no_auc_no_ks_and_no_curve()
    {
        var ranked = RankedScores.Compute([0.1, 0.4, 0.9], [0, 0, 0]);

        Assert.Null(ranked.Auc);
        Assert.Null(ranked.Ks);
        Assert.Empty(ranked.Curve);
    }
}
