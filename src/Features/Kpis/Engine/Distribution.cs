namespace ModelOpsPortal.Features.Kpis.Engine;

/// <summary>Median, 90th percentile and count of a set of durations in days; null figures when the set is empty.</summary>
public sealed record DurationSummary(int Count, double? MedianDays, double? P90Days)
{
    public static DurationSummary Of(IEnumerable<double> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var sorted = days.Order().ToArray();
        return new DurationSummary(sorted.Length, Distribution.Percentile(sorted, 0.5), Distribution.Percentile(sorted, 0.9));
    }
}

public static class Distribution
{
    /// <summary>
    /// The p-quantile of sorted values by linear interpolation between closest ranks (Hyndman and Fan type 7, the
    /// default of numpy, pandas and Excel's PERCENTILE.INC); null for no values.
    /// </summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        var (below, above, fraction) = Ranks(sorted.Count, p);
        return Interpolate(sorted[below], sorted[above], fraction);
    }

    /// <summary>
    /// The two ranks (0-based, ascending) whose values the type-7 p-quantile of <paramref name="count"/> values lies
    /// between, and how far it lies towards the upper one: a database can then return just those values.
    /// </summary>
    public static (int Below, int Above, double Fraction) Ranks(int count, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        var rank = p * (count - 1);
        var below = (int)Math.Floor(rank);
        return (below, Math.Min(below + 1, count - 1), rank - below);
    }

    public static double Interpolate(double below, double above, double fraction) => below + fraction * (above - below);
}
