using System.Runtime.CompilerServices;

namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>Paired DeLong test of AUC(challenger) − AUC(champion) on the same rows.</summary>
public sealed record AucComparison(double AucDifference, double Z, double PValue, double CiLower, double CiUpper)
{
    private const double Z975 = 1.959963984540054;

    /// <summary>
    /// The fast DeLong algorithm (Sun and Xu, 2014): structural components from mid-ranks, O(n log n).
    /// </summary>
    public static AucComparison Compute(ReadOnlySpan<double> champion, ReadOnlySpan<double> challenger, ReadOnlySpan<int> labels) =>
        Compute(RankedScores.Compute(champion, labels), RankedScores.Compute(challenger, labels), labels);

    /// <summary>The test when both versions' scores have already been ranked on the same rows.</summary>
    public static AucComparison Compute(RankedScores champion, RankedScores challenger, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(challenger);
        var m = champion.Positives;
        var n = champion.Negatives;
        if (m < 2 || n < 2 || champion.Structural.Length != labels.Length || challenger.Structural.Length != labels.Length)
        {
            throw new ArgumentException("The DeLong test needs at least two positives and two negatives, scored by both versions on the same rows.", nameof(labels));
        }

        var positives = Covariances(champion.Structural, challenger.Structural, labels, 1, m);
        var negatives = Covariances(champion.Structural, challenger.Structural, labels, 0, n);
        return From(champion.Auc!.Value, challenger.Auc!.Value, m, n, positives, negatives);
    }

    /// <summary>
    /// The test from sums of the structural components over each class's rows (a summary computed where the data lives:
    /// docs/decisions/019-evaluating-where-the-data-lives.md).
    /// </summary>
    public static AucComparison Compute(double championAuc, double challengerAuc, ComponentSums positives, ComponentSums negatives)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(negatives);
        if (positives.Count < 2 || negatives.Count < 2)
        {
            throw new ArgumentException("The DeLong test needs at least two positives and two negatives, scored by both versions on the same rows.", nameof(positives));
        }

        return From(championAuc, challengerAuc, positives.Count, negatives.Count, positives.Covariances(), negatives.Covariances());
    }

    private static AucComparison From(double championAuc, double challengerAuc, long m, long n, (double A, double B, double AB) positives, (double A, double B, double AB) negatives)
    {
        var variance = (positives.A + positives.B - 2 * positives.AB) / m + (negatives.A + negatives.B - 2 * negatives.AB) / n;
        var difference = challengerAuc - championAuc;
        var se = Math.Sqrt(variance);
        var z = difference / se;
        return new AucComparison(difference, z, NormalDistribution.TwoSidedP(z), difference - Z975 * se, difference + Z975 * se);
    }

    /// <summary>Sample variances and covariance (n − 1 in the denominator) of the components over the rows of one class.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double A, double B, double AB) Covariances(double[] a, double[] b, ReadOnlySpan<int> labels, int label, int count)
    {
        double sumA = 0, sumB = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == label)
            {
                sumA += a[i];
                sumB += b[i];
            }
        }

        double meanA = sumA / count, meanB = sumB / count, aa = 0, bb = 0, ab = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == label)
            {
                var da = a[i] - meanA;
                var db = b[i] - meanB;
                aa += da * da;
                bb += db * db;
                ab += da * db;
            }
        }

        return (aa / (count - 1), bb / (count - 1), ab / (count - 1));
    }
}

/// <summary>
/// Sums of two versions' structural components over the rows of one class: Σa, Σb, Σa², Σb², Σab (a is the champion's).
/// The components may be less a constant per version (the summary query subtracts each version's AUC, their mean, so
/// that the sums of squares do not cancel): variances and covariance do not change under a shift.
/// </summary>
public sealed record ComponentSums(long Count, double A, double B, double AA, double BB, double AB)
{
    /// <summary>Sample variances and covariance (n − 1 in the denominator).</summary>
    internal (double A, double B, double AB) Covariances() =>
        ((AA - A * A / Count) / (Count - 1), (BB - B * B / Count) / (Count - 1), (AB - A * B / Count) / (Count - 1));
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
