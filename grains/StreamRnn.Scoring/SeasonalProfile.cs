namespace StreamRnn.Scoring;

/// <summary>
/// A sensor's usual level at each time of day (or of the week, <see cref="SeasonalProfileSettings.Week"/>), learnt from
/// the readings' own timestamps (so a replay at any speed learns the same profile): the period is cut into
/// <see cref="SeasonalProfileSettings.Buckets"/> slots and each slot keeps the running level of the readings that fell in it. The reading's distance from its slot's level is a second
/// forecast error beside the recurrent model's: it stays large when a daily pattern breaks (a missing peak, a day that
/// goes flat, a holiday), which a one-step forecast quickly follows. Levels are kept in single precision (a sensor holds
/// 192 of them, <see cref="SinglePrecision"/>). A caller whose values sit far from zero relative to their swings passes
/// them less an anchor near their level (<see cref="SensorScorer"/> does), so that the rounding is relative to the
/// swings, not to the offset.
/// </summary>
public static class SeasonalProfile
{
    /// <summary>The slot of <paramref name="timestamp"/>.</summary>
    public static int Bucket(DateTimeOffset timestamp, SeasonalProfileSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var utc = timestamp.UtcDateTime;
        var period = settings.Week ? SeasonalProfileSettings.DaysPerWeek * TimeSpan.TicksPerDay : TimeSpan.TicksPerDay;
        var ofPeriod = utc.TimeOfDay.Ticks + (settings.Week ? (long)utc.DayOfWeek * TimeSpan.TicksPerDay : 0);
        return (int)Math.Min(settings.Buckets - 1, ofPeriod * settings.Buckets / period);
    }

    /// <summary>
    /// The level expected at <paramref name="timestamp"/>, or null while its slot has seen fewer than
    /// <see cref="SeasonalProfileSettings.MinimumVisits"/> readings; then learns <paramref name="value"/> into the slot.
    /// <paramref name="levels"/> and <paramref name="visits"/> hold one entry per slot and are updated in place; a slot's
    /// visits stop counting at <see cref="byte.MaxValue"/>, where they no longer change what it does (settings keep
    /// <see cref="SeasonalProfileSettings.MinimumVisits"/> and 1/<see cref="SeasonalProfileSettings.Adaptation"/> at most that).
    /// </summary>
    public static double? ExpectThenLearn(Span<float> levels, Span<byte> visits, double value, DateTimeOffset timestamp, SeasonalProfileSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (levels.Length != settings.Buckets || visits.Length != settings.Buckets)
        {
            throw new ArgumentException($"A profile of {settings.Buckets} slots needs {settings.Buckets} levels and visit counts.", nameof(levels));
        }

        var bucket = Bucket(timestamp, settings);
        double level = levels[bucket];
        double? expected = visits[bucket] >= settings.MinimumVisits ? level : null;
        var weight = Math.Max(settings.Adaptation, 1.0 / (visits[bucket] + 1));
        levels[bucket] = SinglePrecision.Of(level + (weight * (value - level)));
        visits[bucket] = visits[bucket] == byte.MaxValue ? byte.MaxValue : (byte)(visits[bucket] + 1);
        return expected;
    }
}
