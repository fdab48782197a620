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

    /// <summary>
    /// A value this many scales (standard deviations, floored) from the mean is far outside the sensor's range: it is
    /// flagged out of range and learnt as if it were at this distance (<see cref="Bound"/>).
    /// </summary>
    public const double FarDeviations = 1_000;

    /// <summary>
    /// No value beyond this magnitude is learnt or scored as it is: its square and the squares of its differences stay
    /// far from overflowing a double, so no single reading can make a sensor's statistics infinite.
    /// </summary>
    public const double MaxMagnitude = 1e100;

    /// <summary>Readings learnt before <see cref="FarDeviations"/> applies: the first few define the range.</summary>
    public const int RangeLearningReadings = 10;

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

    /// <summary>
    /// The value the sensor's statistics learn and score for <paramref name="value"/>: the value itself when it is within
    /// <see cref="FarDeviations"/> scales of the mean (after <see cref="RangeLearningReadings"/> readings) and within
    /// ±<see cref="MaxMagnitude"/>, otherwise the nearest value that is, with <paramref name="far"/> set. A level shift
    /// is still learnt (each far reading widens the spread), but one absurd reading (1e300) cannot overflow or swamp them.
    /// </summary>
    public static double Bound(RunningMoments moments, double value, out bool far)
    {
        var bounded = Math.Clamp(value, -MaxMagnitude, MaxMagnitude);
        if (moments.Count >= RangeLearningReadings)
        {
            var reach = FarDeviations * Scale(moments);
            bounded = Math.Clamp(bounded, moments.Mean - reach, moments.Mean + reach);
        }

        far = bounded != value;
        return bounded;
    }

    /// <summary>The moments after <paramref name="value"/>.</summary>
    public static RunningMoments Update(RunningMoments moments, double value) => moments.Add(value, Memory);

    private static double Scale(RunningMoments moments) =>
        Math.Max(moments.StandardDeviation(), Math.Max(MinimumScale, Math.Abs(moments.Mean) * MinimumRelativeScale));
}
