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

        var band = deviations * Deviation(moments, minimumRelativeDeviation, minimumDeviation);
        var outside = Math.Abs(value - moments.Mean) > band;
        return (outside, Math.Clamp(value, moments.Mean - band, moments.Mean + band));
    }

    /// <summary>The floored standard deviation <see cref="Judge"/> measures the band in.</summary>
    public static double Deviation(RunningMoments moments, double minimumRelativeDeviation, double minimumDeviation) =>
        moments.StandardDeviation(Math.Max(minimumDeviation, minimumRelativeDeviation * Math.Abs(moments.Mean)));

    /// <summary>
    /// The evidence of a judgement <see cref="Judge"/> made with <paramref name="moments"/>: <paramref name="observed"/>
    /// against the band mean ± k·σ, and its distance from the mean in σ. Called only when an alert is raised.
    /// </summary>
    public static AlertEvidence Evidence(string measure, double observed, RunningMoments moments, double deviations, double minimumRelativeDeviation, double minimumDeviation)
    {
        var deviation = Deviation(moments, minimumRelativeDeviation, minimumDeviation);
        var band = deviations * deviation;
        return new AlertEvidence(measure, observed, moments.Mean - band, moments.Mean + band)
        {
            Mean = moments.Mean,
            Deviations = Math.Abs(observed - moments.Mean) / deviation,
        };
    }
}
