using System.Runtime.CompilerServices;

namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>Sorting helpers shared by the metrics, all O(n log n).</summary>
internal static class Ranking
{
    /// <summary>
    /// A sorted copy of <paramref name="values"/> with each value's row and label packed as row·2 + label, so that
    /// walking the sorted scores reads the label without jumping back into the rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double[] Sorted, int[] RowsAndLabels) SortedWithLabels(ReadOnlySpan<double> values, ReadOnlySpan<int> labels)
    {
        if (values.Length > int.MaxValue / 2)
        {
            throw new ArgumentException("Too many rows to rank in one batch.", nameof(values));
        }

        var keys = values.ToArray();
        var items = new int[keys.Length];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = (i << 1) | labels[i];
        }

        Array.Sort(keys, items);
        return (keys, items);
    }

    /// <summary>A sorted copy of <paramref name="values"/>.</summary>
    public static double[] Sorted(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}
