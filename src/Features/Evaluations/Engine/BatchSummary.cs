namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>
/// The sufficient statistics of a scored batch, as a warehouse computes them where the data lives (issue #18,
/// docs/decisions/019-evaluating-where-the-data-lives.md): everything the engine needs, in a size that depends on the
/// precision, the groups and the features, never on the number of rows. Score columns are keyed by their column name
/// (<c>score</c>, <c>challenger_score</c>).
/// </summary>
public sealed record BatchSummary(
    int Precision,
    long Rows,
    IReadOnlyDictionary<string, ScoreHistogram> Scores,
    IReadOnlyList<GroupSummary> Groups,
    DeLongSums? DeLong,
    IReadOnlyDictionary<string, ValueHistogram> Numeric,
    IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, long>>> Categorical,
    IReadOnlyDictionary<string, RegressionSums> Regression,
    IReadOnlyList<RegressionGroupSummary> RegressionGroups)
{
    /// <summary>The champion's score column.</summary>
    public const string Score = "score";

    /// <summary>The challenger's score column.</summary>
    public const string ChallengerScore = "challenger_score";

    /// <summary>The largest precision a summary may have (10^P buckets at most per score column).</summary>
    public const int MaxPrecision = 6;

    /// <summary>The value of bucket <paramref name="bucket"/> at <paramref name="precision"/> decimals: bucket / 10^P.</summary>
    public static double ValueOf(long bucket, int precision) => bucket / Math.Pow(10, precision);

    /// <summary>The bucket of a value, as the query computes it: FLOOR(value · 10^P + 0.5).</summary>
    public static long BucketOf(double value, int precision) => (long)Math.Floor(value * Math.Pow(10, precision) + 0.5);
}

/// <summary>
/// One group of a sensitive attribute for one score column: counts at the 0.5 threshold and the Mann–Whitney U of the
/// group's scores (positives over negatives, ties one half), from which its AUC = U / (positives · negatives).
/// </summary>
public sealed record GroupSummary(string Column, string Attribute, string Group, long Count, long Predicted, long Positives,
    long TruePositives, long FalsePositives, double U);

/// <summary>DeLong's component sums over the positives and over the negatives (champion a, challenger b).</summary>
public sealed record DeLongSums(ComponentSums Positives, ComponentSums Negatives);

/// <summary>One group of a sensitive attribute for a regression model's champion: count and sums.</summary>
public sealed record RegressionGroupSummary(string Attribute, RegressionGroupSums Sums);
