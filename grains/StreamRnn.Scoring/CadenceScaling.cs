namespace StreamRnn.Scoring;

/// <summary>
/// Reading-count settings that stand for lengths of time, scaled to a sensor's own cadence. The learning period, the
/// likelihood's short-term average and the gap between event starts were chosen as counts on readings 5 minutes apart;
/// a sensor that reads hourly would learn for 300 hours and average its errors over 20 hours with them, and be far too
/// quiet. Its cadence, the median of its first <see cref="GapsLearnt"/> gaps, scales them down by
/// reference ÷ cadence, so they cover the time they were chosen to; so does the number of readings a seasonal profile's
/// slot must have seen before it speaks. Pure.
/// </summary>
public static class CadenceScaling
{
    /// <summary>Gaps between readings' timestamps the cadence is the median of.</summary>
    public const int GapsLearnt = 10;

    /// <summary>
    /// The default of <see cref="SensorPipelineSettings.ScaledAveragingFloor"/>, the fewest errors a scaled short-term
    /// average takes: fewer makes one noisy error an event. Chosen (over 1, 2, 3 and 5) on the corpus resampled to
    /// 15-minute, 30-minute and hourly readings (docs/NAB.md), never on the blind test.
    /// </summary>
    public const int DefaultAveragingFloor = 3;

    /// <summary>The fewest readings a scaled learning period lasts: the options' own lower bound on it.</summary>
    public const int MinimumLearningReadings = 11;

    /// <summary>
    /// The scale for a sensor whose gaps have median <paramref name="medianGapSeconds"/>: reference ÷ cadence when it is
    /// slower than <paramref name="reference"/>, else 1 (never scaled up: a faster sensor still needs the counts to learn).
    /// </summary>
    public static double Scale(TimeSpan reference, double medianGapSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(reference, TimeSpan.Zero);
        return double.IsFinite(medianGapSeconds) && medianGapSeconds > reference.TotalSeconds ? reference.TotalSeconds / medianGapSeconds : 1;
    }

    /// <summary>The median of <paramref name="gaps"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> gaps)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        ArgumentOutOfRangeException.ThrowIfZero(gaps.Count, nameof(gaps));
        var sorted = gaps.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// <paramref name="settings"/> with the learning period (the likelihood's, the spike and rate detectors' and the stuck
    /// detector's), the likelihood's short-term average and the minimum gap between event starts multiplied by
    /// <paramref name="scale"/> and rounded: the gap at least 1, the average at least <see cref="SensorPipelineSettings.ScaledAveragingFloor"/>
    /// (or its given length if shorter), the learning period at least <see cref="MinimumLearningReadings"/> (or its given length) and longer than the average,
    /// the seasonal profiles' visits before a slot speaks at least 1. A scale of 1 returns them unchanged.
    /// </summary>
    public static SensorPipelineSettings Apply(SensorPipelineSettings settings, double scale)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!(scale > 0 && scale <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "A cadence scale is in (0, 1].");
        }

        if (scale == 1)
        {
            return settings;
        }

        var scorer = settings.Scorer;
        var shortWindow = Scaled(scorer.Likelihood.ShortWindow, scale, Math.Min(settings.ScaledAveragingFloor, scorer.Likelihood.ShortWindow));
        int Learning(int count) => Math.Max(Scaled(count, scale, Math.Min(MinimumLearningReadings, count)), shortWindow + 1);
        return settings with
        {
            LearningReadings = Learning(settings.LearningReadings),
            Scorer = scorer with
            {
                Likelihood = scorer.Likelihood with { ShortWindow = shortWindow, LearningPeriod = Learning(scorer.Likelihood.LearningPeriod) },
                Spike = scorer.Spike with { LearningPeriod = Learning(scorer.Spike.LearningPeriod) },
                RateOfChange = scorer.RateOfChange with { LearningPeriod = Learning(scorer.RateOfChange.LearningPeriod) },
                Novelty = scorer.Novelty is { } novelty ? novelty with { LearningReadings = Learning(novelty.LearningReadings) } : null,
                DirectionalLearningReadings = scorer.DirectionalLearningReadings == 0 ? 0 : Learning(scorer.DirectionalLearningReadings),
                MinimumEventGap = Scaled(scorer.MinimumEventGap, scale, 1),
                Seasonal = SlotsFor(scorer.Seasonal, scale),
                WeeklySeasonal = scorer.WeeklySeasonal is { } weekly ? SlotsFor(weekly, scale) : null,
            },
        };
    }

    /// <summary>
    /// A seasonal profile's slots speak after <see cref="SeasonalProfileSettings.MinimumVisits"/> readings in them, a count
    /// chosen at the reference cadence (24 visits of an hourly slot are two days of 5-minute readings): scaled with the rest,
    /// an hourly sensor's daily profile speaks after two days rather than 24. At least 1.
    /// </summary>
    private static SeasonalProfileSettings SlotsFor(SeasonalProfileSettings slots, double scale) =>
        slots with { MinimumVisits = Scaled(slots.MinimumVisits, scale, 1) };

    private static int Scaled(int count, double scale, int minimum) => Math.Max(minimum, (int)Math.Round(count * scale, MidpointRounding.AwayFromZero));
}
