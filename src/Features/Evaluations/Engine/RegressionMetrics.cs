namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>Performance of a regression model on one batch.</summary>
public sealed record RegressionMetrics(double Rmse, double Mae, double R2, double Mape, int Count)
{
    /// <summary>NumPy's float64 epsilon, the floor scikit-learn puts under |actual| for MAPE.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    public static RegressionMetrics Compute(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        if (predicted.Length != actual.Length)
        {
            throw new ArgumentException($"{predicted.Length} predictions but {actual.Length} actuals; they must pair up row by row.", nameof(actual));
        }

        var n = predicted.Length;
        double mean = 0;
        for (var i = 0; i < n; i++)
        {
            mean += actual[i];
        }

        mean /= n;
        double squared = 0, absolute = 0, percentage = 0, total = 0;
        for (var i = 0; i < n; i++)
        {
            var error = actual[i] - predicted[i];
            squared += error * error;
            absolute += Math.Abs(error);
            // scikit-learn divides by max(|actual|, machine epsilon).
            percentage += Math.Abs(error) / Math.Max(Math.Abs(actual[i]), MachineEpsilon);
            total += (actual[i] - mean) * (actual[i] - mean);
        }

        return new RegressionMetrics(Math.Sqrt(squared / n), absolute / n, 1 - squared / total, percentage / n, n);
    }

    /// <summary>
    /// The metrics from sums over the rows (a summary computed where the data lives,
    /// docs/decisions/019-evaluating-where-the-data-lives.md). R² takes the actuals' spread as Σy² − (Σy)²/n.
    /// </summary>
    public static RegressionMetrics From(RegressionSums sums)
    {
        ArgumentNullException.ThrowIfNull(sums);
        double n = sums.Count;
        var total = sums.ActualSquared - sums.Actual * sums.Actual / n;
        return new RegressionMetrics(Math.Sqrt(sums.SquaredError / n), sums.AbsoluteError / n, 1 - sums.SquaredError / total,
            sums.RelativeError / n, checked((int)sums.Count));
    }

    /// <summary>What a summary's relative error sums divide by: max(|actual|, NumPy's float64 epsilon), as scikit-learn.</summary>
    public const double RelativeErrorFloor = MachineEpsilon;
}

/// <summary>Sums over a batch's rows: Σy, Σy², Σ(y − ŷ)², Σ|y − ŷ|, Σ|y − ŷ| / max(|y|, ε).</summary>
public sealed record RegressionSums(long Count, double Actual, double ActualSquared, double SquaredError, double AbsoluteError, double RelativeError);
