namespace StreamRnn.Scoring;

/// <summary>
/// The state of <see cref="AlertDebouncer"/>: plain numbers, so a grain can persist it field by field.
/// After an <see cref="AlertTransition.End"/> the event's start and peak stay readable until the next start.
/// </summary>
/// <param name="Active">Whether an event is going on.</param>
/// <param name="Readings">Readings observed; the index of the next reading.</param>
/// <param name="StartedAtReading">The index of the reading that started the last event.</param>
/// <param name="StartedAtUtcTicks">The time (UTC ticks) given with the reading that started the last event.</param>
/// <param name="Peak">The highest score of the last event.</param>
/// <param name="ReportedPeak">The peak last reported by a start or update.</param>
/// <param name="LastReportReading">The index of the reading of the last start or update.</param>
/// <param name="QuietStreak">Quiet readings in a row (below the clear threshold) in the active event.</param>
public readonly record struct AlertDebouncerState(
    bool Active,
    long Readings,
    long StartedAtReading,
    long StartedAtUtcTicks,
    double Peak,
    double ReportedPeak,
    long LastReportReading,
    int QuietStreak)
{
    /// <summary>When the last event started, as given to <see cref="AlertDebouncer.Observe"/>.</summary>
    public DateTimeOffset StartedAt => new(StartedAtUtcTicks, TimeSpan.Zero);
}
