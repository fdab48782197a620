namespace StreamRnn.Training;

/// <summary>Errors of forecasts against actual values, in the series' original units.</summary>
/// <param name="Mse">Mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="R2">
/// Coefficient of determination, <c>1 − Σ(y − ŷ)² / Σ(y − ȳ)²</c> with ȳ the mean of the actual values compared;
/// when those are all equal it is 1 for a perfect forecast and 0 otherwise (as scikit-learn's <c>r2_score</c>).
/// </param>
public sealed record ErrorMetrics(double Mse, double Mae, double Rmse, double R2)
{
    /// <summary>The errors of <paramref name="predicted"/> against <paramref name="actual"/>.</summary>
    /// <param name="predicted">Forecasts.</param>
    /// <param name="actual">Actual values, as many as forecasts, at least one.</param>
    /// <returns>The metrics.</returns>
    public static ErrorMetrics Compute(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        if (predicted.Length != actual.Length || actual.Length == 0)
        {
            throw new ArgumentException($"Expected as many forecasts as actual values, at least one; got {predicted.Length} and {actual.Length}.", nameof(predicted));
        }

        var mean = 0.0;
        foreach (var value in actual)
        {
            mean += value;
        }

        mean /= actual.Length;
        double squared = 0, absolute = 0, total = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var error = actual[i] - predicted[i];
            squared += error * error;
            absolute += Math.Abs(error);
            var deviation = actual[i] - mean;
            total += deviation * deviation;
        }

        var mse = squared / actual.Length;
        var r2 = total > 0 ? 1 - (squared / total) : (squared == 0 ? 1 : 0);
        return new ErrorMetrics(mse, absolute / actual.Length, Math.Sqrt(mse), r2);
    }
}
