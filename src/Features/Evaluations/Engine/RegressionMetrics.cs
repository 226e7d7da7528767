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
}
