using System.Runtime.CompilerServices;

namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>A 95% interval of a rate.</summary>
public sealed record Interval(double Low, double High)
{
    private const double Z95 = 1.959963984540054;

    /// <summary>The Wilson score interval of <paramref name="successes"/> out of <paramref name="trials"/>; null without trials.</summary>
    public static Interval? Wilson(int successes, int trials)
    {
        if (trials == 0)
        {
            return null;
        }

        double n = trials, p = successes / n, z2 = Z95 * Z95;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    public bool Overlaps(Interval other) => other is not null && Low <= other.High && other.Low <= High;
}

/// <summary>
/// One group of a sensitive attribute. TPR (FPR) is null when the group has no positives (negatives), precision when
/// it has no predicted positives, AUC when it holds one class only. Each rate carries its 95% Wilson interval.
/// </summary>
public sealed record GroupRates(
    int Count, double SelectionRate, double? Tpr, double? Fpr, double? Precision = null, double? Auc = null,
    Interval? SelectionRateInterval = null, Interval? TprInterval = null, Interval? FprInterval = null, bool Judged = true);

public enum FairnessStatus
{
    Pass,
    Warning,
    Fail,
    InsufficientData,
}

public static class FairnessStatusOrder
{
    /// <summary>Worst first: fail, warning, insufficient data, pass (the order pages and evidence rank statuses in).</summary>
    public static int Severity(this FairnessStatus status) => status switch
    {
        FairnessStatus.Fail => 0,
        FairnessStatus.Warning => 1,
        FairnessStatus.InsufficientData => 2,
        _ => 3,
    };
}

/// <summary>
/// The rules a status is judged by (configurable; defaults from issue #6): groups smaller than
/// <see cref="MinGroupSize"/> are not judged; disparate impact below 0.8 fails and below 0.9 warns; an equalized odds
/// difference above 0.1 warns. A difference counts only where the two groups' intervals do not overlap.
/// </summary>
public sealed record FairnessRules(int MinGroupSize = 50, double DisparateImpactFail = 0.8, double DisparateImpactWarning = 0.9, double EqualizedOddsWarning = 0.1);

/// <summary>One group's counts at the 0.5 threshold, and its AUC (null with one class).</summary>
public sealed record GroupCounts(string Name, int Count, int Predicted, int Positives, int TruePositives, int FalsePositives, double? Auc);

/// <summary>
/// Group rates and their spreads for one sensitive attribute (definitions: tests/ModelOpsPortal.Tests/TestData/README.md). The spreads
/// are over every group, as defined there; the status is judged on the groups large enough to judge.
/// </summary>
public sealed record AttributeFairness(
    IReadOnlyDictionary<string, GroupRates> Groups,
    double DemographicParityDifference,
    double DisparateImpact,
    double? EqualOpportunityDifference,
    double? EqualizedOddsDifference,
    FairnessStatus Status = FairnessStatus.InsufficientData,
    string? StatusReason = null)
{
    /// <param name="groups">The attribute's value on each row.</param>
    /// <param name="scores">The model's scores; prediction = score &gt;= 0.5.</param>
    /// <param name="labels">Actuals, 0 or 1.</param>
    /// <param name="ranked">The scores already ranked (for group AUCs without another sort); computed when null.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AttributeFairness Compute(CategoricalValues groups, ReadOnlySpan<double> scores, ReadOnlySpan<int> labels,
        RankedScores? ranked = null, FairnessRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        rules ??= new FairnessRules();
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

        var aucs = (ranked ?? RankedScores.Compute(scores, labels)).GroupAuc(codes, groups.Names.Count);
        return FromCounts(groups.Names.Select((name, g) => new GroupCounts(name, counts[g, 0], counts[g, 1], counts[g, 2], counts[g, 3], counts[g, 4], aucs[g])).ToList(), rules);
    }

    /// <summary>
    /// The figures from each group's counts and AUC: of a row upload, or of a summary computed where the data lives
    /// (docs/decisions/019-evaluating-where-the-data-lives.md).
    /// </summary>
    public static AttributeFairness FromCounts(IReadOnlyList<GroupCounts> groups, FairnessRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        rules ??= new FairnessRules();
        var rates = new SortedDictionary<string, GroupRates>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            int count = group.Count, predicted = group.Predicted, positives = group.Positives, truePositives = group.TruePositives, falsePositives = group.FalsePositives;
            var negatives = count - positives;
            rates[group.Name] = new GroupRates(
                count,
                (double)predicted / count,
                positives == 0 ? null : (double)truePositives / positives,
                negatives == 0 ? null : (double)falsePositives / negatives,
                predicted == 0 ? null : (double)truePositives / predicted,
                group.Auc,
                Interval.Wilson(predicted, count),
                Interval.Wilson(truePositives, positives),
                Interval.Wilson(falsePositives, negatives),
                Judged: count >= rules.MinGroupSize);
        }

        var all = rates.Values.ToList();
        var selection = all.Select(r => r.SelectionRate).ToList();
        var tpr = Spread(all.Select(r => r.Tpr));
        var fpr = Spread(all.Select(r => r.Fpr));
        var (status, reason) = Judge(rates, rules);
        return new AttributeFairness(
            rates.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
            selection.Max() - selection.Min(),
            selection.Max() == 0 ? 1 : selection.Min() / selection.Max(),
            tpr,
            tpr is null && fpr is null ? null : Math.Max(tpr ?? 0, fpr ?? 0),
            status,
            reason);
    }

    /// <summary>
    /// The status from the judged groups only. Reason codes: "di-fail", "di-warning", "eod-warning" (each counted only
    /// when the two extreme groups' intervals do not overlap), "too-few-groups".
    /// </summary>
    public static (FairnessStatus Status, string? Reason) Judge(IReadOnlyDictionary<string, GroupRates> groups, FairnessRules rules)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(rules);
        var judged = groups.Values.Where(g => g.Judged).ToList();
        if (judged.Count < 2)
        {
            return (FairnessStatus.InsufficientData, "too-few-groups");
        }

        var lowest = judged.MinBy(g => g.SelectionRate)!;
        var highest = judged.MaxBy(g => g.SelectionRate)!;
        var impact = highest.SelectionRate == 0 ? 1 : lowest.SelectionRate / highest.SelectionRate;
        var apart = lowest.SelectionRateInterval is { } a && highest.SelectionRateInterval is { } b && !a.Overlaps(b);
        if (apart && impact < rules.DisparateImpactFail)
        {
            return (FairnessStatus.Fail, "di-fail");
        }

        if (apart && impact < rules.DisparateImpactWarning)
        {
            return (FairnessStatus.Warning, "di-warning");
        }

        foreach (var (rate, interval) in new (Func<GroupRates, double?>, Func<GroupRates, Interval?>)[] { (g => g.Tpr, g => g.TprInterval), (g => g.Fpr, g => g.FprInterval) })
        {
            var known = judged.Where(g => rate(g) is not null).ToList();
            if (known.Count < 2)
            {
                continue;
            }

            var low = known.MinBy(g => rate(g))!;
            var high = known.MaxBy(g => rate(g))!;
            if (rate(high) - rate(low) > rules.EqualizedOddsWarning && interval(low) is { } x && interval(high) is { } y && !x.Overlaps(y))
            {
                return (FairnessStatus.Warning, "eod-warning");
            }
        }

        return (FairnessStatus.Pass, null);
    }

    private static double? Spread(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().ToList();
        return known.Count == 0 ? null : known.Max() - known.Min();
    }
}

/// <summary>One group of a sensitive attribute for a regression model: its mean prediction, mean actual and MAE.</summary>
public sealed record RegressionGroup(int Count, double MeanPrediction, double MeanActual, double Mae, bool Judged = true);

/// <summary>
/// A regression model's errors per group of one sensitive attribute. <see cref="MaeDifference"/> is the largest gap
/// between the judged groups' MAE (null with fewer than two groups large enough to judge); there is no pass/fail rule
/// for regression, so the figures are shown for the validator to weigh.
/// </summary>
public sealed record RegressionFairness(IReadOnlyDictionary<string, RegressionGroup> Groups, double? MaeDifference)
{
    public static RegressionFairness Compute(CategoricalValues groups, ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, FairnessRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        rules ??= new FairnessRules();
        var codes = groups.Codes;
        var sums = new double[groups.Names.Count, 3]; // prediction, actual, absolute error
        var counts = new int[groups.Names.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var g = codes[i];
            counts[g]++;
            sums[g, 0] += predicted[i];
            sums[g, 1] += actual[i];
            sums[g, 2] += Math.Abs(actual[i] - predicted[i]);
        }

        return FromSums(groups.Names.Select((name, g) => new RegressionGroupSums(name, counts[g], sums[g, 0], sums[g, 1], sums[g, 2])).ToList(), rules);
    }

    /// <summary>The figures from each group's sums: of a row upload, or of a summary computed where the data lives.</summary>
    public static RegressionFairness FromSums(IReadOnlyList<RegressionGroupSums> groups, FairnessRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        rules ??= new FairnessRules();
        var result = new SortedDictionary<string, RegressionGroup>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            double n = group.Count;
            result[group.Name] = new RegressionGroup(group.Count, group.Predicted / n, group.Actual / n, group.AbsoluteError / n, group.Count >= rules.MinGroupSize);
        }

        var judged = result.Values.Where(r => r.Judged).Select(r => r.Mae).ToList();
        return new RegressionFairness(result.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
            judged.Count < 2 ? null : judged.Max() - judged.Min());
    }
}

/// <summary>One group's count and sums of predictions, actuals and absolute errors.</summary>
public sealed record RegressionGroupSums(string Name, int Count, double Predicted, double Actual, double AbsoluteError);
