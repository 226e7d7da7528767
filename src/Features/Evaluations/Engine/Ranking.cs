namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>Sorting helpers shared by the metrics: mid-ranks (ties share the average rank) in O(n log n).</summary>
internal static class Ranking
{
    /// <summary>1-based mid-ranks of <paramref name="values"/>, as SciPy's rankdata(method="average").</summary>
    public static double[] MidRanks(ReadOnlySpan<double> values)
    {
        var order = SortedOrder(values);
        var ranks = new double[values.Length];
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            var mid = (i + j) / 2.0 + 1; // ranks i+1 … j+1 averaged
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = mid;
            }

            i = j + 1;
        }

        return ranks;
    }

    /// <summary>Indices that sort <paramref name="values"/> ascending.</summary>
    public static int[] SortedOrder(ReadOnlySpan<double> values)
    {
        var keys = values.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        return order;
    }
}
