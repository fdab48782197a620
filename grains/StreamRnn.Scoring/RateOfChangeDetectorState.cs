namespace StreamRnn.Scoring;

/// <summary>The state of <see cref="RateOfChangeDetector"/>: plain numbers, so a grain can persist it field by field.</summary>
/// <param name="HasPrevious">Whether a reading has been seen.</param>
/// <param name="PreviousValue">The last accepted reading's value.</param>
/// <param name="PreviousUtcTicks">The last accepted reading's timestamp, in UTC ticks.</param>
/// <param name="Rates">The moments of recent rates, per second (winsorised once learnt).</param>
public readonly record struct RateOfChangeDetectorState(bool HasPrevious, double PreviousValue, long PreviousUtcTicks, RunningMoments Rates);
