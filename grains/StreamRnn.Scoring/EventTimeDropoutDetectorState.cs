namespace StreamRnn.Scoring;

/// <summary>The state of <see cref="EventTimeDropoutDetector"/>: plain numbers, so a grain can persist it field by field.</summary>
/// <param name="HasLast">Whether a reading has been seen.</param>
/// <param name="LastEventUtcTicks">The latest event time seen, in UTC ticks.</param>
/// <param name="LogGaps">The moments of ln(gap in seconds) (clipped once learnt); their count is the gaps learnt.</param>
public readonly record struct EventTimeDropoutDetectorState(bool HasLast, long LastEventUtcTicks, RunningMoments LogGaps)
{
    /// <summary>The latest event time seen.</summary>
    public DateTimeOffset LastEventTime => new(LastEventUtcTicks, TimeSpan.Zero);

    /// <summary>The usual interval between readings (the geometric mean of recent gaps); zero before any gap.</summary>
    public TimeSpan UsualInterval => LogGaps.Count == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Exp(LogGaps.Mean));
}
