using System.Runtime.CompilerServices;

namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>One point of the score distribution: the share of positives and of negatives scoring at or below a threshold.</summary>
public sealed record CurvePoint(double Threshold, double PositivesBelow, double NegativesBelow);

/// <summary>
/// How many positives and negatives score at each value of a score column, the values ascending and distinct: a batch
/// described exactly when its scores carry few decimals (a summary computed where the data lives, issue #18), and what
/// the ranking of a row upload walks through (one bucket per distinct score).
/// </summary>
public sealed record ScoreHistogram(double[] Values, long[] Positives, long[] Negatives);

/// <summary>
/// Everything the rank-based metrics need from a single walk over one version's scores in ascending order, tied scores
/// together: AUC (Mann–Whitney with mid-ranks, ties count one half), KS (largest gap between the score distributions of
/// positives and negatives, tied scores moving together), DeLong's structural components, a downsampled distribution
/// curve for the ROC and KS charts, and the counts and sums of the threshold metrics. A row upload's sorted rows and a
/// summary's <see cref="ScoreHistogram"/> go through the same walk, so both give the same figures.
/// </summary>
public sealed class RankedScores
{
    /// <summary>Curves keep about this many points: enough for a chart, small enough to store with every evaluation.</summary>
    public const int CurvePoints = 200;

    private const double ClipEpsilon = 1e-15;

    private readonly double[] sorted;
    private readonly int[] rowsAndLabels;

    private RankedScores(Walked walked, double[] structural, double[] sorted, int[] rowsAndLabels)
    {
        this.sorted = sorted;
        this.rowsAndLabels = rowsAndLabels;
        Positives = checked((int)walked.Positives);
        Negatives = checked((int)walked.Negatives);
        Auc = walked.Auc;
        Ks = walked.Ks;
        Structural = structural;
        Curve = walked.Curve;
        TruePositives = walked.TruePositives;
        FalsePositives = walked.FalsePositives;
        LogLossSum = walked.LogLossSum;
        BrierSum = walked.BrierSum;
    }

    public int Positives { get; }
    public int Negatives { get; }

    /// <summary>Null when the batch holds one class only.</summary>
    public double? Auc { get; }

    /// <summary>Null when the batch holds one class only.</summary>
    public double? Ks { get; }

    /// <summary>
    /// DeLong's structural components by row (empty for a summary): for a positive row V10 = the share of negatives it
    /// outscores (ties one half); for a negative row V01 = the share of positives that outscore it.
    /// </summary>
    internal double[] Structural { get; }

    /// <summary>The score distribution of both classes at up to about <see cref="CurvePoints"/> thresholds, ascending.</summary>
    public IReadOnlyList<CurvePoint> Curve { get; }

    /// <summary>Positives scoring at or above <see cref="BinaryMetrics.Threshold"/>.</summary>
    public long TruePositives { get; }

    /// <summary>Negatives scoring at or above <see cref="BinaryMetrics.Threshold"/>.</summary>
    public long FalsePositives { get; }

    /// <summary>Σ −log p(actual class), scores clipped to [1e-15, 1 − 1e-15].</summary>
    public double LogLossSum { get; }

    /// <summary>Σ (score − label)².</summary>
    public double BrierSum { get; }

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
        var (sorted, rowsAndLabels) = Ranking.SortedWithLabels(scores, labels);
        var groups = new SortedRows(sorted, rowsAndLabels, m > 0 && n > 0 ? new double[scores.Length] : []);
        var walked = Walk(groups, m, n);
        return m == 0 || n == 0
            ? new RankedScores(walked, new double[scores.Length], [], [])
            : new RankedScores(walked, groups.Structural, sorted, rowsAndLabels);
    }

    /// <summary>The same figures from a histogram (a summary): no structural components by row, no group AUCs.</summary>
    public static RankedScores Compute(ScoreHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long m = 0, n = 0;
        for (var b = 0; b < histogram.Values.Length; b++)
        {
            if (histogram.Positives[b] < 0 || histogram.Negatives[b] < 0 || (b > 0 && !(histogram.Values[b] > histogram.Values[b - 1])))
            {
                throw new ArgumentException("A histogram holds counts of zero or more at distinct values in ascending order.", nameof(histogram));
            }

            m += histogram.Positives[b];
            n += histogram.Negatives[b];
        }

        return new RankedScores(Walk(new Buckets(histogram), m, n), [], [], []);
    }

    /// <summary>Tied scores, one group at a time, in ascending order.</summary>
    private interface ITieGroups
    {
        bool Next(out double value, out long positives, out long negatives);

        /// <summary>The current group's structural components (called only when both classes are present).</summary>
        void Components(double positive, double negative);
    }

    private sealed class SortedRows(double[] sorted, int[] rowsAndLabels, double[] structural) : ITieGroups
    {
        private int start;
        private int end;

        public double[] Structural => structural;

        public bool Next(out double value, out long positives, out long negatives)
        {
            start = end;
            if (start >= sorted.Length)
            {
                value = 0;
                positives = negatives = 0;
                return false;
            }

            value = sorted[start];
            var j = start;
            var groupPositives = 0;
            for (; j < sorted.Length && sorted[j] == value; j++)
            {
                groupPositives += rowsAndLabels[j] & 1;
            }

            end = j;
            positives = groupPositives;
            negatives = j - start - groupPositives;
            return true;
        }

        public void Components(double positive, double negative)
        {
            for (var k = start; k < end; k++)
            {
                var packed = rowsAndLabels[k];
                structural[packed >> 1] = (packed & 1) == 1 ? positive : negative;
            }
        }
    }

    private sealed class Buckets(ScoreHistogram histogram) : ITieGroups
    {
        private int next;

        public bool Next(out double value, out long positives, out long negatives)
        {
            // Empty buckets are skipped: they are no group of tied scores.
            while (next < histogram.Values.Length && histogram.Positives[next] + histogram.Negatives[next] == 0)
            {
                next++;
            }

            if (next >= histogram.Values.Length)
            {
                value = 0;
                positives = negatives = 0;
                return false;
            }

            value = histogram.Values[next];
            positives = histogram.Positives[next];
            negatives = histogram.Negatives[next];
            next++;
            return true;
        }

        public void Components(double positive, double negative)
        {
        }
    }

    private sealed record Walked(long Positives, long Negatives, double? Auc, double? Ks, IReadOnlyList<CurvePoint> Curve,
        long TruePositives, long FalsePositives, double LogLossSum, double BrierSum);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Walked Walk(ITieGroups groups, long m, long n)
    {
        var both = m > 0 && n > 0;
        var rows = m + n;
        var curve = new List<CurvePoint>(CurvePoints + 2);
        var step = Math.Max(1, rows / CurvePoints);
        long nextCurveRow = 0, before = 0, truePositives = 0, falsePositives = 0;
        double positivesBefore = 0, negativesBefore = 0, positiveRankSum = 0, ks = 0, logLoss = 0, brier = 0;
        var ksPoint = -1;
        while (groups.Next(out var value, out var groupPositives, out var groupNegatives))
        {
            var j = before + groupPositives + groupNegatives;
            if (value >= BinaryMetrics.Threshold)
            {
                truePositives += groupPositives;
                falsePositives += groupNegatives;
            }

            var clipped = Math.Clamp(value, ClipEpsilon, 1 - ClipEpsilon);
            logLoss -= groupPositives * Math.Log(clipped) + groupNegatives * Math.Log(1 - clipped);
            brier += groupPositives * (value - 1) * (value - 1) + groupNegatives * value * value;
            if (both)
            {
                var overall = before + (groupPositives + groupNegatives + 1) / 2.0;  // mid-rank among all rows
                groups.Components(
                    (overall - (positivesBefore + (groupPositives + 1) / 2.0)) / n,
                    1 - (overall - (negativesBefore + (groupNegatives + 1) / 2.0)) / m);
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
                else if (j >= nextCurveRow || j == rows)
                {
                    curve.Add(new CurvePoint(value, positivesBefore / m, negativesBefore / n));
                }

                if (j >= nextCurveRow)
                {
                    nextCurveRow = j + step;
                }
            }

            before = j;
        }

        return both
            ? new Walked(m, n, (positiveRankSum - m * (m + 1.0) / 2) / ((double)m * n), ks, Thin(curve, ksPoint), truePositives, falsePositives, logLoss, brier)
            : new Walked(m, n, null, null, [], truePositives, falsePositives, logLoss, brier);
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
