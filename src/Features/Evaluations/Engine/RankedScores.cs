using System.Runtime.CompilerServices;

namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>One point of the score distribution: the share of positives and of negatives scoring at or below a threshold.</summary>
public sealed record CurvePoint(double Threshold, double PositivesBelow, double NegativesBelow);

/// <summary>
/// Everything the rank-based metrics need from a single sort of one version's scores: AUC (Mann–Whitney with
/// mid-ranks, ties count one half), KS (largest gap between the score distributions of positives and negatives, tied
/// scores moving together), DeLong's structural components per row, and a downsampled distribution curve for
/// the ROC and KS charts.
/// </summary>
public sealed class RankedScores
{
    /// <summary>Curves keep about this many points: enough for a chart, small enough to store with every evaluation.</summary>
    public const int CurvePoints = 200;

    private readonly double[] sorted;
    private readonly int[] rowsAndLabels;

    private RankedScores(int positives, int negatives, double? auc, double? ks, double[] structural, IReadOnlyList<CurvePoint> curve,
        double[] sorted, int[] rowsAndLabels)
    {
        this.sorted = sorted;
        this.rowsAndLabels = rowsAndLabels;
        Positives = positives;
        Negatives = negatives;
        Auc = auc;
        Ks = ks;
        Structural = structural;
        Curve = curve;
    }

    public int Positives { get; }
    public int Negatives { get; }

    /// <summary>Null when the batch holds one class only.</summary>
    public double? Auc { get; }

    /// <summary>Null when the batch holds one class only.</summary>
    public double? Ks { get; }

    /// <summary>
    /// DeLong's structural components by row: for a positive row V10 = the share of negatives it outscores (ties one
    /// half); for a negative row V01 = the share of positives that outscore it.
    /// </summary>
    internal double[] Structural { get; }

    /// <summary>The score distribution of both classes at up to about <see cref="CurvePoints"/> thresholds, ascending.</summary>
    public IReadOnlyList<CurvePoint> Curve { get; }

    /// <param name="scores">The version's scores.</param>
    /// <param name="labels">Actuals, 0 or 1, row by row with the scores.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RankedScores Compute(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels; they must pair up row by row.", nameof(labels));
        }

        var m = 0;
        foreach (var y in labels)
        {
            m += y;
        }

        var n = scores.Length - m;
        var structural = new double[scores.Length];
        if (m == 0 || n == 0)
        {
            return new RankedScores(m, n, null, null, structural, [], [], []);
        }

        var (sorted, rowsAndLabels) = Ranking.SortedWithLabels(scores, labels);
        var curve = new List<CurvePoint>(CurvePoints + 2);
        var step = Math.Max(1, scores.Length / CurvePoints);
        var nextCurveRow = 0;
        double positivesBefore = 0, negativesBefore = 0, positiveRankSum = 0, ks = 0;
        var ksPoint = -1;
        for (var i = 0; i < sorted.Length;)
        {
            // One group of tied scores: positions i … j-1 of the sorted order.
            var value = sorted[i];
            var j = i;
            var groupPositives = 0;
            for (; j < sorted.Length && sorted[j] == value; j++)
            {
                groupPositives += rowsAndLabels[j] & 1;
            }

            var groupNegatives = j - i - groupPositives;
            var overall = i + (j - i + 1) / 2.0;                 // mid-rank among all rows
            var positiveComponent = (overall - (positivesBefore + (groupPositives + 1) / 2.0)) / n;
            var negativeComponent = 1 - (overall - (negativesBefore + (groupNegatives + 1) / 2.0)) / m;
            for (var k = i; k < j; k++)
            {
                var packed = rowsAndLabels[k];
                structural[packed >> 1] = (packed & 1) == 1 ? positiveComponent : negativeComponent;
            }

            positiveRankSum += overall * groupPositives;
            positivesBefore += groupPositives;
            negativesBefore += groupNegatives;
            var gap = Math.Abs(positivesBefore / m - negativesBefore / n);
            if (gap > ks)
            {
                ks = gap;
                ksPoint = curve.Count;
                curve.Add(new CurvePoint(value, positivesBefore / m, negativesBefore / n));
            }
            else if (j >= nextCurveRow || j == sorted.Length)
            {
                curve.Add(new CurvePoint(value, positivesBefore / m, negativesBefore / n));
            }

            if (j >= nextCurveRow)
            {
                nextCurveRow = j + step;
            }

            i = j;
        }

        var auc = (positiveRankSum - m * (m + 1.0) / 2) / ((double)m * n);
        return new RankedScores(m, n, auc, ks, structural, Thin(curve, ksPoint), sorted, rowsAndLabels);
    }

    /// <summary>
    /// The AUC within each group (Mann–Whitney with mid-ranks among the group's own rows), from the one sort already
    /// made: null for a group with one class only. <paramref name="codes"/> gives each row's group.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double?[] GroupAuc(ReadOnlySpan<int> codes, int groups)
    {
        var result = new double?[groups];
        if (sorted.Length == 0)
        {
            // One class in the whole batch: one class in every group too.
            return result;
        }

        var before = new long[groups];          // rows of the group seen so far
        var positives = new long[groups];
        var rankSum = new double[groups];       // sum of the group's positives' mid-ranks within the group
        var inBlock = new int[groups];
        var positivesInBlock = new int[groups];
        var touched = new List<int>(groups);
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            for (; j < sorted.Length && sorted[j] == sorted[i]; j++)
            {
                var packed = rowsAndLabels[j];
                var g = codes[packed >> 1];
                if (inBlock[g]++ == 0)
                {
                    touched.Add(g);
                }

                positivesInBlock[g] += packed & 1;
            }

            foreach (var g in touched)
            {
                rankSum[g] += (before[g] + (inBlock[g] + 1) / 2.0) * positivesInBlock[g];
                before[g] += inBlock[g];
                positives[g] += positivesInBlock[g];
                inBlock[g] = 0;
                positivesInBlock[g] = 0;
            }

            touched.Clear();
            i = j;
        }

        for (var g = 0; g < groups; g++)
        {
            var m = positives[g];
            var n = before[g] - m;
            result[g] = m == 0 || n == 0 ? null : (rankSum[g] - m * (m + 1.0) / 2) / ((double)m * n);
        }

        return result;
    }

    /// <summary>
    /// Every new KS maximum was kept on the way (a rising curve may set many); keep only the final one among those
    /// that are not on the regular grid, so the curve stays near <see cref="CurvePoints"/> points.
    /// </summary>
    private static List<CurvePoint> Thin(List<CurvePoint> points, int ksPoint)
    {
        if (points.Count <= CurvePoints * 2)
        {
            return points;
        }

        var keep = new List<CurvePoint>(CurvePoints + 2);
        var stride = (double)points.Count / CurvePoints;
        var next = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            if (i >= next || i == ksPoint || i == points.Count - 1)
            {
                keep.Add(points[i]);
                if (i >= next)
                {
                    next += stride;
                }
            }
        }

        return keep;
    }
}
