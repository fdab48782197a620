namespace StreamRnn.Scoring;

/// <summary>
/// Per-sensor normalisation of raw readings to the scale the model works in: (x - mean) / std, with
/// moments learnt online from the sensor's own readings and clipped so one wild value cannot swamp the
/// hidden state. Pure functions over <see cref="RunningMoments"/>, so grain state can hold the numbers.
/// </summary>
public static class OnlineNormalizer
{
    /// <summary>How many readings the moments remember (the weight of a new reading after warm-up).</summary>
    public const int Memory = 1_000;

    /// <summary>Normalised values are clipped to this many standard deviations.</summary>
    public const double Clip = 8;

    private const double MinimumScale = 1e-6;

    /// <summary>The scale is never below a millionth of the mean's magnitude, so a large constant value is not blown up.</summary>
    private const double MinimumRelativeScale = 1e-6;

    /// <summary>The normalised value of <paramref name="value"/> under <paramref name="moments"/>.</summary>
    public static float Normalize(RunningMoments moments, double value)
    {
        if (moments.Count == 0)
        {
            return 0f;
        }

        var scale = Scale(moments);
        return (float)Math.Clamp((value - moments.Mean) / scale, -Clip, Clip);
    }

    /// <summary>The raw value of a normalised <paramref name="normalized"/> under <paramref name="moments"/>.</summary>
    public static double Denormalize(RunningMoments moments, double normalized) =>
        moments.Count == 0 ? normalized : moments.Mean + normalized * Scale(moments);

    /// <summary>The moments after <paramref name="value"/>.</summary>
    public static RunningMoments Update(RunningMoments moments, double value) => moments.Add(value, Memory);

    private static double Scale(RunningMoments moments) =>
        Math.Max(moments.StandardDeviation(), Math.Max(MinimumScale, Math.Abs(moments.Mean) * MinimumRelativeScale));
}
