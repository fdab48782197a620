namespace StreamRnn.Scoring;

/// <summary>The k·σ band around a running mean shared by <see cref="SpikeDetector"/> and <see cref="RateOfChangeDetector"/>.</summary>
internal static class DeviationBand
{
    /// <summary>
    /// Whether <paramref name="value"/> lies more than <paramref name="deviations"/> floored standard deviations
    /// from the mean of <paramref name="moments"/> (never before <paramref name="learningPeriod"/> values), and
    /// the value to learn: <paramref name="value"/> winsorised to the band.
    /// </summary>
    public static (bool Outside, double Learnt) Judge(RunningMoments moments, double value, double deviations, int learningPeriod, double minimumRelativeDeviation, double minimumDeviation)
    {
        if (moments.Count < learningPeriod)
        {
            return (false, value);
        }

        var band = deviations * moments.StandardDeviation(Math.Max(minimumDeviation, minimumRelativeDeviation * Math.Abs(moments.Mean)));
        var outside = Math.Abs(value - moments.Mean) > band;
        return (outside, Math.Clamp(value, moments.Mean - band, moments.Mean + band));
    }
}
