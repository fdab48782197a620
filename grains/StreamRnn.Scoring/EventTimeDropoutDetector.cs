namespace StreamRnn.Scoring;

/// <summary>
/// Dropout by event time: readings stopped for a while, judged on the readings' own timestamps, not on
/// when they arrived. The usual interval is the geometric mean of the gaps between consecutive event times
/// (an exponentially weighted mean of ln gap with memory <see cref="EventTimeDropoutDetectorSettings.Memory"/>,
/// near the median for skewed gaps). Once <see cref="EventTimeDropoutDetectorSettings.LearningPeriod"/> gaps
/// are learnt, each gap enters it clipped to [½, 2] × the usual interval, so a dropout or a burst barely
/// moves it. <see cref="Observe"/> fires on the first reading after a gap longer than
/// <see cref="EventTimeDropoutDetectorSettings.Intervals"/> usual intervals. A reading whose event time is
/// not after the latest one (a duplicate, a burst with one timestamp, out of order) never fires and leaves
/// the state as it was. <see cref="IsOverdue(DateTimeOffset, TimeSpan, DateTimeOffset, double)"/> lets a
/// timer raise the same dropout with no reading, given a current event time. Pure functions.
/// </summary>
public static class EventTimeDropoutDetector
{
    private static readonly double ClipLog = Math.Log(2);

    /// <summary>Observes one reading's event time and returns whether the gap before it was a dropout, and the next state.</summary>
    public static (bool Fired, EventTimeDropoutDetectorState Next) Observe(EventTimeDropoutDetectorState state, DateTimeOffset eventTime, EventTimeDropoutDetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ticks = eventTime.UtcTicks;
        if (!state.HasLast)
        {
            return (false, new EventTimeDropoutDetectorState(true, ticks, state.LogGaps));
        }

        if (ticks <= state.LastEventUtcTicks)
        {
            return (false, state);
        }

        var logGap = Math.Log((ticks - state.LastEventUtcTicks) / (double)TimeSpan.TicksPerSecond);
        var gaps = state.LogGaps;
        var fired = false;
        if (gaps.Count >= settings.LearningPeriod)
        {
            fired = logGap > gaps.Mean + Math.Log(settings.Intervals);
            logGap = Math.Clamp(logGap, gaps.Mean - ClipLog, gaps.Mean + ClipLog);
        }

        return (fired, new EventTimeDropoutDetectorState(true, ticks, gaps.Add(logGap, settings.Memory)));
    }

    /// <summary>
    /// Whether a reading is overdue: more than <paramref name="intervals"/> × <paramref name="usualInterval"/>
    /// has passed from <paramref name="lastEventTime"/> to <paramref name="now"/>. <paramref name="now"/> must be
    /// a current event time (another sensor's latest timestamp, a watermark), not the silo clock, to judge the
    /// same way <see cref="Observe"/> does. A usual interval of zero or less (unknown) is never overdue.
    /// </summary>
    public static bool IsOverdue(DateTimeOffset lastEventTime, TimeSpan usualInterval, DateTimeOffset now, double intervals)
    {
        if (!double.IsFinite(intervals) || intervals <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intervals), intervals, "Must be finite and more than 0.");
        }

        return usualInterval > TimeSpan.Zero && (now - lastEventTime).TotalSeconds > intervals * usualInterval.TotalSeconds;
    }

    /// <summary>
    /// <see cref="IsOverdue(DateTimeOffset, TimeSpan, DateTimeOffset, double)"/> for a detector state: never
    /// before a reading or during the learning period.
    /// </summary>
    public static bool IsOverdue(EventTimeDropoutDetectorState state, DateTimeOffset now, EventTimeDropoutDetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return state.HasLast && state.LogGaps.Count >= settings.LearningPeriod
            && IsOverdue(state.LastEventTime, state.UsualInterval, now, settings.Intervals);
    }
}
