namespace StreamRnn.Models.Checkpoints;

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
}
