using System.Globalization;
using ModelOpsPortal.Features.Evaluations.Engine;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>
/// What a batch's summary says (issue #18): the same findings as <see cref="BatchAnalysis"/> gives for the rows, from the
/// sufficient statistics a warehouse computed where the data lives. Every figure goes through the engine code the row
/// upload uses (the ranking walk, the fairness and drift figures from counts), so the two cannot drift apart
/// (docs/decisions/019-evaluating-where-the-data-lives.md).
/// </summary>
internal static class SummaryAnalysis
{
    public static EvaluationFindings Analyse(BatchSummary summary, BatchAnalysis.BaselineProfile? baseline, EvaluationRequest request, bool binary, FairnessRules rules)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(request);
        var champion = request.Version.ToString(CultureInfo.InvariantCulture);
        var challenger = request.Challenger?.ToString(CultureInfo.InvariantCulture);
        var versions = new Dictionary<string, VersionMetrics>(StringComparer.Ordinal);
        var curves = new Dictionary<string, ScoreCurve>(StringComparer.Ordinal);
        var ranks = new Dictionary<string, RankedScores>(StringComparer.Ordinal);
        foreach (var (column, version) in new[] { (BatchSummary.Score, champion), (BatchSummary.ChallengerScore, challenger) })
        {
            if (version is null)
            {
                continue;
            }

            if (binary && summary.Scores.TryGetValue(column, out var histogram))
            {
                var ranked = RankedScores.Compute(histogram);
                ranks[column] = ranked;
                versions[version] = BatchAnalysis.Figures(BinaryMetrics.From(ranked));
                if (ranked.Auc is not null)
                {
                    curves[version] = ScoreCurve.From(ranked);
                }
            }
            else if (!binary && summary.Regression.TryGetValue(column, out var sums))
            {
                versions[version] = BatchAnalysis.Figures(RegressionMetrics.From(sums));
            }
        }

        AucComparison? comparison = null;
        if (summary.DeLong is { } delong && ranks.TryGetValue(BatchSummary.Score, out var a) && ranks.TryGetValue(BatchSummary.ChallengerScore, out var b)
            && a.Auc is double aucA && b.Auc is double aucB)
        {
            try
            {
                comparison = AucComparison.Compute(aucA, aucB, delong.Positives, delong.Negatives);
            }
            catch (ArgumentException)
            {
                // fewer than two of a class: no comparison to make
            }
        }

        return new EvaluationFindings(
            Versions: versions,
            Drift: baseline is null ? null : Drift(baseline, summary),
            DriftUnavailable: baseline is null ? EvaluationMessages.NoBaseline : null,
            Comparison: comparison,
            Fairness: binary ? Fairness(summary, BatchSummary.Score, rules) : null,
            Curves: curves.Count > 0 ? curves : null,
            RegressionFairness: !binary && summary.RegressionGroups.Count > 0
                ? summary.RegressionGroups.GroupBy(g => g.Attribute, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => Engine.RegressionFairness.FromSums([.. g.Select(x => x.Sums)], rules), StringComparer.Ordinal)
                : null,
            ChallengerFairness: binary && challenger is not null ? Fairness(summary, BatchSummary.ChallengerScore, rules) : null);
    }

    private static Dictionary<string, AttributeFairness>? Fairness(BatchSummary summary, string column, FairnessRules rules)
    {
        var attributes = summary.Groups.Where(g => g.Column == column).GroupBy(g => g.Attribute, StringComparer.Ordinal).ToList();
        return attributes.Count == 0 ? null : attributes.ToDictionary(a => a.Key, a => AttributeFairness.FromCounts(
            [.. a.Select(g => new GroupCounts(g.Group, checked((int)g.Count), checked((int)g.Predicted), checked((int)g.Positives),
                checked((int)g.TruePositives), checked((int)g.FalsePositives),
                g.Positives == 0 || g.Count == g.Positives ? null : g.U / ((double)g.Positives * (g.Count - g.Positives))))], rules),
            StringComparer.Ordinal);
    }

    private static Dictionary<string, FeatureDriftResult> Drift(BatchAnalysis.BaselineProfile baseline, BatchSummary summary) =>
        BatchAnalysis.Drift(baseline, name =>
            baseline.Numeric.TryGetValue(name, out var numeric) && summary.Numeric.TryGetValue(name, out var values)
                ? Engine.Drift.Numeric(numeric, values)
                : baseline.Categorical.TryGetValue(name, out var categorical) && summary.Categorical.TryGetValue(name, out var counts)
                    ? Engine.Drift.Categorical(categorical, counts)
                    : null);
}
