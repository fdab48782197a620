namespace StreamRnn.Scoring;

/// <summary>
/// How far a reading lies beyond the range its sensor has seen: a burst to a value never reached, a level never visited.
/// The error likelihood judges the average of its last errors against their history, so one reading or a short burst
/// beyond everything before moves it little where the errors are wide (counts that burst often); the seasonal profile
/// needs days of history first. This needs only the sensor's own range. A smooth climb past the old high is not what it
/// catches: each of its readings is a new high by a little, and the range's end follows it (docs/NAB.md).
/// </summary>
/// <remarks>
/// The excess is the distance beyond the nearer end of the range, less <see cref="RangeNoveltySettings.ErrorAllowance"/>
/// usual forecast errors (the record highs and lows of ordinary noise), as a fraction of the range's width, and the
/// surprise is excess / (excess + <see cref="RangeNoveltySettings.Scale"/>): 0.5 at an excess of one scale. Nothing is judged
/// until the range has taken in <see cref="RangeNoveltySettings.LearningReadings"/> readings. Each reading widens the
/// range to take it in; a reading inside it draws both ends towards itself by 1/<see cref="RangeNoveltySettings.Memory"/>,
/// so an extreme the sensor has not come near for many memories is forgotten. Pure functions over
/// <see cref="ObservedRange"/>.
/// </remarks>
public static class RangeNovelty
{
    /// <summary>
    /// The surprise of <paramref name="value"/> against <paramref name="range"/>, before the range takes it in;
    /// <paramref name="usualError"/> is the forecast's usual absolute error, in the value's unit.
    /// </summary>
    public static double Surprise(ObservedRange range, double value, double usualError, RangeNoveltySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var width = range.High - range.Low;
        if (range.Readings < settings.LearningReadings || !(width > 0))
        {
            return 0;
        }

        var allowance = settings.ErrorAllowance * usualError;
        var excess = Math.Max(0, Math.Max(value - range.High, range.Low - value) - allowance) / width;
        return excess / (excess + settings.Scale);
    }

    /// <summary>The range after <paramref name="value"/>.</summary>
    public static ObservedRange Learn(ObservedRange range, double value, RangeNoveltySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (range.Readings == 0)
        {
            return new ObservedRange(value, value, 1);
        }

        var forget = 1.0 / settings.Memory;
        var low = value < range.Low ? value : range.Low + ((value - range.Low) * forget);
        var high = value > range.High ? value : range.High + ((value - range.High) * forget);
        return new ObservedRange(low, high, range.Readings + 1);
    }
}
