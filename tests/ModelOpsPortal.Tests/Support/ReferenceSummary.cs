using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Evaluations.Engine;

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// A batch's summary computed from its rows in C#, step by step as docs/decisions/019 defines each section (buckets by
/// FLOOR(value · 10^P + 0.5), window sums for U and the DeLong components): the yardstick for the engine's summary path
/// and for the SQL the portal writes.
/// </summary>
internal static class ReferenceSummary
{
    public static BatchSummary Of(EvaluationBatch batch, int precision, bool binary = true)
    {
        var columns = new List<(string Name, double[] Scores)> { (BatchSummary.Score, batch.Scores.ToArray()) };
        if (batch.HasChallenger)
        {
            columns.Add((BatchSummary.ChallengerScore, batch.Challenger.ToArray()));
        }

        var labels = batch.Labels.ToArray();
        var scores = new Dictionary<string, ScoreHistogram>(StringComparer.Ordinal);
        var groups = new List<GroupSummary>();
        var components = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var threshold = BatchSummary.BucketOf(BinaryMetrics.Threshold, precision);
        if (binary)
        {
            foreach (var (name, values) in columns)
            {
                var buckets = values.Select(v => BatchSummary.BucketOf(v, precision)).ToArray();
                var histogram = Histogram(buckets, labels, Enumerable.Repeat(0, labels.Length).ToArray());
                scores[name] = new ScoreHistogram([.. histogram.Keys.Select(k => BatchSummary.ValueOf(k.Bucket, precision))],
                    [.. histogram.Values.Select(c => c.Positives)], [.. histogram.Values.Select(c => c.Negatives)]);
                components[name] = Components(buckets, labels);
                foreach (var (attribute, values2) in batch.Sensitive)
                {
                    var codes = values2.Codes.ToArray();
                    var byGroup = Histogram(buckets, labels, codes);
                    for (var g = 0; g < values2.Names.Count; g++)
                    {
                        var rows = Enumerable.Range(0, labels.Length).Where(i => codes[i] == g).ToList();
                        double u = 0, negativesBelow = 0;
                        foreach (var (key, count) in byGroup.Where(x => x.Key.Group == g))
                        {
                            u += count.Positives * (negativesBelow + count.Negatives / 2.0);
                            negativesBelow += count.Negatives;
                        }

                        groups.Add(new GroupSummary(name, attribute, values2.Names[g], rows.Count,
                            rows.Count(i => buckets[i] >= threshold), rows.Count(i => labels[i] == 1),
                            rows.Count(i => buckets[i] >= threshold && labels[i] == 1), rows.Count(i => buckets[i] >= threshold && labels[i] == 0), u));
                    }
                }
            }
        }

        DeLongSums? delong = null;
        if (binary && batch.HasChallenger)
        {
            delong = new DeLongSums(Sums(components, labels, 1), Sums(components, labels, 0));
        }

        var numeric = batch.Numeric.ToDictionary(f => f.Key, f =>
        {
            var counts = f.Value.Select(v => BatchSummary.BucketOf(v, precision)).GroupBy(b => b).OrderBy(g => g.Key).ToList();
            return new ValueHistogram([.. counts.Select(c => BatchSummary.ValueOf(c.Key, precision))], [.. counts.Select(c => (long)c.Count())]);
        }, StringComparer.Ordinal);
        var categorical = batch.Categorical.ToDictionary(f => f.Key, f => (IReadOnlyList<KeyValuePair<string, long>>)
            [.. f.Value.Codes.ToArray().GroupBy(c => c).Select(g => KeyValuePair.Create(f.Value.Names[g.Key], (long)g.Count()))], StringComparer.Ordinal);
        var regression = new Dictionary<string, RegressionSums>(StringComparer.Ordinal);
        var regressionGroups = new List<RegressionGroupSummary>();
        if (!binary && batch.HasActuals)
        {
            var actual = batch.Actuals.ToArray();
            foreach (var (name, predicted) in columns)
            {
                var errors = actual.Select((y, i) => y - predicted[i]).ToArray();
                regression[name] = new RegressionSums(actual.Length, actual.Sum(), actual.Sum(y => y * y), errors.Sum(e => e * e), errors.Sum(Math.Abs),
                    errors.Select((e, i) => Math.Abs(e) / Math.Max(Math.Abs(actual[i]), RegressionMetrics.RelativeErrorFloor)).Sum());
            }

            var champion = columns[0].Scores;
            foreach (var (attribute, values) in batch.Sensitive)
            {
                var codes = values.Codes.ToArray();
                for (var g = 0; g < values.Names.Count; g++)
                {
                    var rows = Enumerable.Range(0, codes.Length).Where(i => codes[i] == g).ToList();
                    regressionGroups.Add(new RegressionGroupSummary(attribute, new RegressionGroupSums(values.Names[g], rows.Count,
                        rows.Sum(i => champion[i]), rows.Sum(i => actual[i]), rows.Sum(i => Math.Abs(actual[i] - champion[i])))));
                }
            }
        }

        return new BatchSummary(precision, batch.Rows, scores, groups, delong, numeric, categorical, regression, regressionGroups);
    }

    private readonly record struct Counts(long Positives, long Negatives);

    private static SortedDictionary<(int Group, long Bucket), Counts> Histogram(long[] buckets, int[] labels, int[] groups)
    {
        var histogram = new SortedDictionary<(int Group, long Bucket), Counts>();
        for (var i = 0; i < buckets.Length; i++)
        {
            var key = (groups[i], buckets[i]);
            var c = histogram.GetValueOrDefault(key);
            histogram[key] = labels[i] == 1 ? c with { Positives = c.Positives + 1 } : c with { Negatives = c.Negatives + 1 };
        }

        return histogram;
    }

    /// <summary>Each row's structural component, from its bucket: V10 for a positive, V01 for a negative.</summary>
    private static double[] Components(long[] buckets, int[] labels)
    {
        var histogram = Histogram(buckets, labels, new int[labels.Length]);
        double m = labels.Count(y => y == 1), n = labels.Length - m, negativesBelow = 0, positivesBelow = 0;
        var byBucket = new Dictionary<long, (double Positive, double Negative)>();
        foreach (var (key, count) in histogram)
        {
            byBucket[key.Bucket] = ((negativesBelow + count.Negatives / 2.0) / n, (m - positivesBelow - count.Positives + count.Positives / 2.0) / m);
            negativesBelow += count.Negatives;
            positivesBelow += count.Positives;
        }

        return [.. buckets.Select((b, i) => labels[i] == 1 ? byBucket[b].Positive : byBucket[b].Negative)];
    }

    private static ComponentSums Sums(Dictionary<string, double[]> components, int[] labels, int label)
    {
        var a = components[BatchSummary.Score];
        var b = components[BatchSummary.ChallengerScore];
        var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).ToList();
        return new ComponentSums(rows.Count, rows.Sum(i => a[i]), rows.Sum(i => b[i]), rows.Sum(i => a[i] * a[i]), rows.Sum(i => b[i] * b[i]), rows.Sum(i => a[i] * b[i]));
    }
}
