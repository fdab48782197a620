namespace StreamRnn.Inference.Training;

/// <summary>
/// Per-channel z-score normalisation of one series, fitted on its training part only: <c>(x − mean) / std</c>.
/// The same shape as the checkpoint's normalisation record (series, means, standard deviations).
/// </summary>
/// <param name="Series">The series name.</param>
/// <param name="Means">The mean of each channel over the training part.</param>
/// <param name="StandardDeviations">
/// The population standard deviation of each channel over the training part; 1 where it is below 1e-8 (a constant channel).
/// </param>
public sealed record ChannelNormalization(string Series, double[] Means, double[] StandardDeviations)
{
    private const double MinimumStandardDeviation = 1e-8;

    /// <summary>Normalises one value of <paramref name="channel"/>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="value">The value in original units.</param>
    /// <returns>The normalised value.</returns>
    public double Normalize(int channel, double value)
    {
        return (value - Means[channel]) / StandardDeviations[channel];
    }

    /// <summary>Turns a normalised value of <paramref name="channel"/> back into original units.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="value">The normalised value.</param>
    /// <returns>The value in original units.</returns>
    public double Denormalize(int channel, double value)
    {
        return (value * StandardDeviations[channel]) + Means[channel];
    }

    /// <summary>Fits mean and population standard deviation per channel over steps <c>[start, start + length)</c>.</summary>
    /// <param name="series">The series.</param>
    /// <param name="start">The first step of the fitting range.</param>
    /// <param name="length">Steps in the range, at least 1.</param>
    /// <returns>The normalisation.</returns>
    public static ChannelNormalization Fit(TimeSeries series, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, series.Steps, nameof(length));
        var means = new double[series.Channels];
        var deviations = new double[series.Channels];
        for (var channel = 0; channel < series.Channels; channel++)
        {
            var sum = 0.0;
            for (var step = start; step < start + length; step++)
            {
                sum += series[step, channel];
            }

            var mean = sum / length;
            var squares = 0.0;
            for (var step = start; step < start + length; step++)
            {
                var difference = series[step, channel] - mean;
                squares += difference * difference;
            }

            var deviation = Math.Sqrt(squares / length);
            means[channel] = mean;
            deviations[channel] = deviation < MinimumStandardDeviation ? 1.0 : deviation;
        }

        return new ChannelNormalization(series.Name, means, deviations);
    }
}
