namespace StreamRnn.Scoring;

/// <summary>
/// One alert per event, not one per reading, by hysteresis. With no event active, a score at or above
/// <see cref="AlertDebouncerSettings.Threshold"/> starts one (<see cref="AlertTransition.Start"/>). While
/// it is active, a score at or above <see cref="AlertDebouncerSettings.ClearThreshold"/> keeps it going, and
/// <see cref="AlertDebouncerSettings.QuietReadings"/> readings in a row below the clear threshold end it
/// (<see cref="AlertTransition.End"/>, on the last quiet reading); a score that dips and comes back sooner
/// stays in the same event. While it goes on, <see cref="AlertTransition.Update"/> reports a peak higher
/// than the last one reported, at most once every <see cref="AlertDebouncerSettings.UpdateEvery"/> readings
/// after the start or the previous update (a higher peak reached sooner is reported when that time is up).
/// A new event starts no sooner than <see cref="AlertDebouncerSettings.MinimumStartGap"/> readings after the
/// previous one started, or <see cref="AlertDebouncerSettings.StartGapFraction"/> of the readings observed so far where
/// that is fewer. A NaN score is quiet. Pure function over <see cref="AlertDebouncerState"/>.
/// </summary>
public static class AlertDebouncer
{
    /// <summary>Observes one reading's score at <paramref name="time"/> and returns the transition and the next state.</summary>
    public static (AlertTransition Transition, AlertDebouncerState Next) Observe(AlertDebouncerState state, double score, DateTimeOffset time, AlertDebouncerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var reading = state.Readings;
        var next = state with { Readings = reading + 1 };

        if (!state.Active)
        {
            var started = state.StartedAtUtcTicks != 0 || state.StartedAtReading != 0;
            if (score >= settings.Threshold && (!started || reading - state.StartedAtReading >= StartGap(reading, settings)))
            {
                return (AlertTransition.Start, new AlertDebouncerState(true, reading + 1, reading, time.UtcTicks, score, score, reading, 0));
            }

            return (AlertTransition.None, next);
        }

        if (score >= settings.ClearThreshold)
        {
            next = next with { QuietStreak = 0, Peak = Math.Max(state.Peak, score) };
        }
        else
        {
            next = next with { QuietStreak = state.QuietStreak + 1 };
            if (next.QuietStreak >= settings.QuietReadings)
            {
                return (AlertTransition.End, next with { Active = false, QuietStreak = 0 });
            }
        }

        if (next.Peak > next.ReportedPeak && reading - next.LastReportReading >= settings.UpdateEvery)
        {
            return (AlertTransition.Update, next with { ReportedPeak = next.Peak, LastReportReading = reading });
        }

        return (AlertTransition.None, next);
    }

    /// <summary>The readings a new start must follow the last one by, at reading <paramref name="reading"/> (counted from 0).</summary>
    public static long StartGap(long reading, AlertDebouncerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.StartGapFraction > 0
            ? Math.Min(settings.MinimumStartGap, Math.Max(1, (long)Math.Ceiling(settings.StartGapFraction * reading)))
            : settings.MinimumStartGap;
    }
}
