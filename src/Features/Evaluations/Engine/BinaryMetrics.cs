using System.Runtime.CompilerServices;

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

    private const double ClipEpsilon = 1e-15;

    /// <param name="scores">Predicted probabilities of the positive class.</param>
    /// <param name="labels">Actuals, 0 or 1.</param>
    public static BinaryMetrics Compute(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels) =>
        Compute(scores, labels, RankedScores.Compute(scores, labels));

    /// <summary>The metrics when the scores have already been ranked (the ranking is the expensive part).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static BinaryMetrics Compute(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, RankedScores ranked)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels; they must pair up row by row.", nameof(labels));
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0, brier = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var y = labels[i];
            var p = scores[i];
            var predicted = p >= Threshold;
            if (predicted)
            {
                if (y == 1) { tp++; } else { fp++; }
            }
            else if (y == 1)
            {
                fn++;
            }
            else
            {
                tn++;
            }

            var clipped = Math.Clamp(p, ClipEpsilon, 1 - ClipEpsilon);
            logLoss -= y == 1 ? Math.Log(clipped) : Math.Log(1 - clipped);
            brier += (p - y) * (p - y);
        }

        var n = scores.Length;
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BinaryMetrics(ranked.Auc, 2 * ranked.Auc - 1, ranked.Ks, (double)(tp + tn) / n, precision, recall, f1, logLoss / n, brier / n, n, ranked.Positives);
    }
}
