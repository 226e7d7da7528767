namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>Paired DeLong test of AUC(challenger) − AUC(champion) on the same rows.</summary>
public sealed record AucComparison(double AucDifference, double Z, double PValue, double CiLower, double CiUpper)
{
    private const double Z975 = 1.959963984540054;

    /// <summary>
    /// The fast DeLong algorithm (Sun and Xu, 2014): structural components from mid-ranks, O(n log n).
    /// </summary>
    public static AucComparison Compute(ReadOnlySpan<double> champion, ReadOnlySpan<double> challenger, ReadOnlySpan<int> labels)
    {
        var positives = new List<int>();
        var negatives = new List<int>();
        for (var i = 0; i < labels.Length; i++)
        {
            (labels[i] == 1 ? positives : negatives).Add(i);
        }

        if (positives.Count < 2 || negatives.Count < 2)
        {
            throw new ArgumentException("The DeLong test needs at least two positives and two negatives.", nameof(labels));
        }

        var (auc1, v10a, v01a) = Components(champion, positives, negatives);
        var (auc2, v10b, v01b) = Components(challenger, positives, negatives);
        var m = positives.Count;
        var n = negatives.Count;
        var variance = (Variance(v10a) + Variance(v10b) - 2 * Covariance(v10a, v10b)) / m
            + (Variance(v01a) + Variance(v01b) - 2 * Covariance(v01a, v01b)) / n;
        var difference = auc2 - auc1;
        var se = Math.Sqrt(variance);
        var z = difference / se;
        return new AucComparison(difference, z, NormalDistribution.TwoSidedP(z), difference - Z975 * se, difference + Z975 * se);
    }

    private static (double Auc, double[] V10, double[] V01) Components(ReadOnlySpan<double> scores, List<int> positives, List<int> negatives)
    {
        var m = positives.Count;
        var n = negatives.Count;
        var x = new double[m];
        var y = new double[n];
        for (var i = 0; i < m; i++)
        {
            x[i] = scores[positives[i]];
        }

        for (var j = 0; j < n; j++)
        {
            y[j] = scores[negatives[j]];
        }

        var tx = Ranking.MidRanks(x);
        var ty = Ranking.MidRanks(y);
        var tz = Ranking.MidRanks([.. x, .. y]);
        var v10 = new double[m];
        var v01 = new double[n];
        double sum = 0;
        for (var i = 0; i < m; i++)
        {
            sum += tz[i];
            v10[i] = (tz[i] - tx[i]) / n;
        }

        for (var j = 0; j < n; j++)
        {
            v01[j] = 1 - (tz[m + j] - ty[j]) / m;
        }

        return ((sum - m * (m + 1.0) / 2) / ((double)m * n), v10, v01);
    }

    private static double Variance(double[] v) => Covariance(v, v);

    /// <summary>Sample covariance (n − 1 in the denominator).</summary>
    private static double Covariance(double[] a, double[] b)
    {
        var meanA = a.Average();
        var meanB = b.Average();
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (a[i] - meanA) * (b[i] - meanB);
        }

        return sum / (a.Length - 1);
    }
}

/// <summary>The standard normal tail, accurate far out (p-values near 1e-30 keep their digits).</summary>
public static class NormalDistribution
{
    public static double TwoSidedP(double z) => Erfc(Math.Abs(z) / Math.Sqrt(2));

    /// <summary>Complementary error function: a Taylor series of erf below 3, a continued fraction above.</summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x < 3)
        {
            // erf(x) = 2/√π Σ (−1)^k x^(2k+1) / (k! (2k+1))
            double term = x, sum = x;
            for (var k = 1; k < 200; k++)
            {
                term *= -x * x / k;
                var next = term / (2 * k + 1);
                sum += next;
                if (Math.Abs(next) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            return 1 - 2 / Math.Sqrt(Math.PI) * sum;
        }

        // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated bottom-up.
        double fraction = x;
        for (var k = 120; k >= 1; k--)
        {
            fraction = x + k / 2.0 / fraction;
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / fraction;
    }
}
