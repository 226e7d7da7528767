namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>
/// Performance of a binary classifier on one batch (definitions: tests/ModelOpsPortal.Tests/TestData/README.md). AUC, Gini and KS
/// are null when the batch holds only one class: they compare the classes, and there is nothing to compare.
/// </summary>
public sealed record BinaryMetrics(
    double? Auc, double? Gini, double? Ks, double Accuracy, double Precision, double Recall, double F1,
    double LogLoss, double Brier, int Count, int Positives)
{
    /// <summary>Scores at or above this are predicted positive.</summary>
    public const double Threshold = 0.5;

    /// <param name="scores">Predicted probabilities of the positive class.</param>
    /// <param name="labels">Actuals, 0 or 1.</param>
    public static BinaryMetrics Compute(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels) => From(RankedScores.Compute(scores, labels));

    /// <summary>
    /// The metrics from a ranking: of a row upload, or of a summary's histogram (the same walk gives both,
    /// docs/decisions/019-evaluating-where-the-data-lives.md).
    /// </summary>
    public static BinaryMetrics From(RankedScores ranked)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        long m = ranked.Positives, count = (long)ranked.Positives + ranked.Negatives;
        long tp = ranked.TruePositives, fp = ranked.FalsePositives, fn = m - tp, tn = ranked.Negatives - fp;
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BinaryMetrics(ranked.Auc, 2 * ranked.Auc - 1, ranked.Ks, (double)(tp + tn) / count, precision, recall, f1,
            ranked.LogLossSum / count, ranked.BrierSum / count, checked((int)count), ranked.Positives);
    }
}
