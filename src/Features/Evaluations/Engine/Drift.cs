using System.Runtime.CompilerServices;

namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>Drift of one feature against its baseline. KS is null for categorical features.</summary>
public sealed record FeatureDrift(double Psi, double? Ks);

/// <summary>The reference profile of a numeric feature: its decile edges and its sorted values (for exact KS).</summary>
public sealed record NumericBaseline(double[] Edges, double[] SortedValues)
{
    public static NumericBaseline From(ReadOnlySpan<double> reference)
    {
        var sorted = Ranking.Sorted(reference);
        return new NumericBaseline(Drift.Deciles(sorted), sorted);
    }
}

/// <summary>The reference profile of a categorical feature: each category's share.</summary>
public sealed record CategoricalBaseline(IReadOnlyDictionary<string, double> Proportions)
{
    public static CategoricalBaseline From(CategoricalValues reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var counts = new int[reference.Names.Count];
        foreach (var code in reference.Codes)
        {
            counts[code]++;
        }

        var proportions = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < counts.Length; i++)
        {
            proportions[reference.Names[i]] = (double)counts[i] / reference.Count;
        }

        return new CategoricalBaseline(proportions);
    }
}

/// <summary>How many values sit at each value, the values ascending and distinct (a summary's feature section).</summary>
public sealed record ValueHistogram(double[] Values, long[] Counts);

/// <summary>PSI and KS drift, as defined in tests/ModelOpsPortal.Tests/TestData/README.md.</summary>
public static class Drift
{
    /// <summary>Bin shares below this are raised to it, so that an empty bin does not make PSI infinite.</summary>
    public const double ProportionFloor = 1e-4;

    public static FeatureDrift Numeric(NumericBaseline baseline, ReadOnlySpan<double> current) =>
        Numeric(baseline, new SortedRuns(Ranking.Sorted(current)));

    /// <summary>
    /// Drift from how many current values sit at each value: of a row upload (its sorted values), or of a summary computed
    /// where the data lives (docs/decisions/019-evaluating-where-the-data-lives.md).
    /// </summary>
    public static FeatureDrift Numeric(NumericBaseline baseline, ValueHistogram current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Counts.Any(c => c < 0) || current.Values.Where((v, i) => i > 0 && !(v > current.Values[i - 1])).Any())
        {
            throw new ArgumentException("A histogram holds counts of zero or more at distinct values in ascending order.", nameof(current));
        }

        return Numeric(baseline, new HistogramRuns(current));
    }

    private static FeatureDrift Numeric<TRuns>(NumericBaseline baseline, TRuns current) where TRuns : struct, IValueRuns
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var reference = new SortedRuns(baseline.SortedValues);
        return new FeatureDrift(Psi(BinShares(reference, baseline.Edges), BinShares(current, baseline.Edges)), KolmogorovSmirnov(reference, current));
    }

    /// <summary>Values in ascending order, equal ones together: sorted rows, or a histogram, read the same way.</summary>
    private interface IValueRuns
    {
        double Total { get; }

        bool Next(out double value, out long count);
    }

    /// <summary>The runs of equal values in sorted rows, found as they are read (no copy of the rows).</summary>
    private struct SortedRuns(double[] sorted) : IValueRuns
    {
        private int end;

        public readonly double Total => sorted.Length;

        public bool Next(out double value, out long count)
        {
            var start = end;
            if (start >= sorted.Length)
            {
                (value, count) = (0, 0);
                return false;
            }

            value = sorted[start];
            while (end < sorted.Length && sorted[end] == value)
            {
                end++;
            }

            count = end - start;
            return true;
        }
    }

    private struct HistogramRuns(ValueHistogram histogram) : IValueRuns
    {
        private int next;

        public readonly double Total => histogram.Counts.Sum();

        public bool Next(out double value, out long count)
        {
            if (next >= histogram.Values.Length)
            {
                (value, count) = (0, 0);
                return false;
            }

            (value, count) = (histogram.Values[next], histogram.Counts[next]);
            next++;
            return true;
        }
    }

    public static FeatureDrift Categorical(CategoricalBaseline baseline, CategoricalValues current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var counts = new long[current.Names.Count];
        foreach (var code in current.Codes)
        {
            counts[code]++;
        }

        return Categorical(baseline, current.Names.Select((name, i) => KeyValuePair.Create(name, counts[i])).ToList());
    }

    /// <summary>Drift from each category's count (a category may appear more than once: its counts add up).</summary>
    public static FeatureDrift Categorical(CategoricalBaseline baseline, IReadOnlyList<KeyValuePair<string, long>> current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        // The reference's categories plus one bin for categories it never saw.
        var categories = baseline.Proportions.Keys.ToList();
        var index = categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var counts = new double[categories.Count + 1];
        double total = 0;
        foreach (var (name, count) in current)
        {
            counts[index.TryGetValue(name, out var i) ? i : categories.Count] += count;
            total += count;
        }

        var now = counts.Select(c => c / total).ToArray();
        var reference = categories.Select(c => baseline.Proportions[c]).Append(0).ToArray();
        return new FeatureDrift(Psi(reference, now), null);
    }

    /// <summary>The 9 inner edges at the reference's deciles (NumPy quantile, linear interpolation).</summary>
    internal static double[] Deciles(double[] sorted)
    {
        var edges = new double[9];
        for (var q = 1; q <= 9; q++)
        {
            var position = q / 10.0 * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, sorted.Length - 1);
            edges[q - 1] = sorted[low] + (position - low) * (sorted[high] - sorted[low]);
        }

        return edges;
    }

    /// <summary>Share of values per bin; a value v falls in bin i where edge[i-1] &lt;= v &lt; edge[i].</summary>
    private static double[] BinShares<TRuns>(TRuns values, double[] edges) where TRuns : struct, IValueRuns
    {
        var shares = new double[edges.Length + 1];
        var bin = 0;
        while (values.Next(out var value, out var count))
        {
            while (bin < edges.Length && value >= edges[bin])
            {
                bin++;
            }

            shares[bin] += count;
        }

        var total = values.Total;
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] /= total;
        }

        return shares;
    }

    private static double Psi(double[] reference, double[] current)
    {
        double psi = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var r = Math.Max(reference[i], ProportionFloor);
            var c = Math.Max(current[i], ProportionFloor);
            psi += (c - r) * Math.Log(c / r);
        }

        return psi;
    }

    /// <summary>The two-sample KS statistic (SciPy ks_2samp): the largest gap between the two empirical CDFs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double KolmogorovSmirnov<TA, TB>(TA a, TB b) where TA : struct, IValueRuns where TB : struct, IValueRuns
    {
        double totalA = a.Total, totalB = b.Total, belowA = 0, belowB = 0, statistic = 0;
        var moreA = a.Next(out var valueA, out var countA);
        var moreB = b.Next(out var valueB, out var countB);
        while (moreA && moreB)
        {
            var value = Math.Min(valueA, valueB);
            if (valueA == value)
            {
                belowA += countA;
                moreA = a.Next(out valueA, out countA);
            }

            if (valueB == value)
            {
                belowB += countB;
                moreB = b.Next(out valueB, out countB);
            }

            statistic = Math.Max(statistic, Math.Abs(belowA / totalA - belowB / totalB));
        }

        return statistic;
    }
}
