using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Training;

/// <summary>Fits a series' <see cref="ChannelNormalization"/> on its training part.</summary>
public static class SeriesNormalization
{
    /// <summary>A channel whose standard deviation is below this is constant: it is divided by 1 instead.</summary>
    private const double MinimumStandardDeviation = 1e-8;

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
