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

/// <summary>PSI and KS drift, as defined in tests/ModelOpsPortal.Tests/TestData/README.md.</summary>
public static class Drift
{
    /// <summary>Bin shares below this are raised to it, so that an empty bin does not make PSI infinite.</summary>
    public const double ProportionFloor = 1e-4;

    public static FeatureDrift Numeric(NumericBaseline baseline, ReadOnlySpan<double> current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var sorted = Ranking.Sorted(current);
        var reference = BinShares(baseline.SortedValues, baseline.Edges);
        var now = BinShares(sorted, baseline.Edges);
        return new FeatureDrift(Psi(reference, now), KolmogorovSmirnov(baseline.SortedValues, sorted));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FeatureDrift Categorical(CategoricalBaseline baseline, CategoricalValues current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        // The reference's categories plus one bin for categories it never saw.
        var categories = baseline.Proportions.Keys.ToList();
        var index = categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var binOfCode = current.Names.Select(name => index.TryGetValue(name, out var i) ? i : categories.Count).ToArray();
        var counts = new double[categories.Count + 1];
        foreach (var code in current.Codes)
        {
            counts[binOfCode[code]]++;
        }

        var now = counts.Select(c => c / current.Count).ToArray();
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] BinShares(double[] sorted, double[] edges)
    {
        var shares = new double[edges.Length + 1];
        var start = 0;
        for (var bin = 0; bin < edges.Length; bin++)
        {
            var end = LowerBound(sorted, edges[bin]); // first value >= edge
            shares[bin] = end - start;
            start = end;
        }

        shares[edges.Length] = sorted.Length - start;
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] /= sorted.Length;
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
    internal static double KolmogorovSmirnov(double[] a, double[] b)
    {
        int i = 0, j = 0;
        double statistic = 0;
        while (i < a.Length && j < b.Length)
        {
            var value = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == value) { i++; }
            while (j < b.Length && b[j] == value) { j++; }
            statistic = Math.Max(statistic, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }

        return statistic;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] < value) { low = mid + 1; } else { high = mid; }
        }

        return low;
    }
}
