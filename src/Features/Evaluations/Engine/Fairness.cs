using System.Runtime.CompilerServices;

namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>One group of a sensitive attribute. TPR (FPR) is null when the group has no positives (negatives).</summary>
public sealed record GroupRates(int Count, double SelectionRate, double? Tpr, double? Fpr);

/// <summary>
/// Group rates and their spreads for one sensitive attribute. Groups with a null rate are left out of the
/// spread that needs that rate.
/// </summary>
public sealed record AttributeFairness(
    IReadOnlyDictionary<string, GroupRates> Groups,
    double DemographicParityDifference,
    double DisparateImpact,
    double? EqualOpportunityDifference,
    double? EqualizedOddsDifference)
{
    /// <param name="groups">The attribute's value on each row.</param>
    /// <param name="scores">The model's scores; prediction = score &gt;= 0.5.</param>
    /// <param name="labels">Actuals, 0 or 1.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AttributeFairness Compute(CategoricalValues groups, ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var codes = groups.Codes;
        var counts = new int[groups.Names.Count, 5]; // count, predicted, positives, true positives, false positives
        for (var i = 0; i < codes.Length; i++)
        {
            var predicted = scores[i] >= BinaryMetrics.Threshold ? 1 : 0;
            var g = codes[i];
            counts[g, 0]++;
            counts[g, 1] += predicted;
            counts[g, 2] += labels[i];
            counts[g, 3] += predicted & labels[i];
            counts[g, 4] += predicted & (1 - labels[i]);
        }

        var tally = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Names.Count; g++)
        {
            tally[groups.Names[g]] = [counts[g, 0], counts[g, 1], counts[g, 2], counts[g, 3], counts[g, 4]];
        }

        var rates = tally.ToDictionary(
            g => g.Key,
            g => new GroupRates(g.Value[0], (double)g.Value[1] / g.Value[0],
                g.Value[2] == 0 ? null : (double)g.Value[3] / g.Value[2],
                g.Value[0] - g.Value[2] == 0 ? null : (double)g.Value[4] / (g.Value[0] - g.Value[2])),
            StringComparer.Ordinal);

        var selection = rates.Values.Select(r => r.SelectionRate).ToList();
        var tpr = Spread(rates.Values.Select(r => r.Tpr));
        var fpr = Spread(rates.Values.Select(r => r.Fpr));
        return new AttributeFairness(
            rates,
            selection.Max() - selection.Min(),
            selection.Max() == 0 ? 1 : selection.Min() / selection.Max(),
            tpr,
            tpr is null && fpr is null ? null : Math.Max(tpr ?? 0, fpr ?? 0));
    }

    private static double? Spread(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().ToList();
        return known.Count == 0 ? null : known.Max() - known.Min();
    }
}
