namespace StreamRnn.Scoring;

/// <summary>What <see cref="AlertDebouncer.Observe"/> says an alert event did on one reading.</summary>
public enum AlertTransition
{
    /// <summary>Nothing to report: no event, or an event that goes on with nothing new to say.</summary>
    None = 0,

    /// <summary>An event starts: the score reached the threshold with no event active.</summary>
    Start = 1,

    /// <summary>An active event's peak score grew since it was last reported (at most once every <see cref="AlertDebouncerSettings.UpdateEvery"/> readings).</summary>
    Update = 2,

    /// <summary>The event ends: the score stayed below the clear threshold for <see cref="AlertDebouncerSettings.QuietReadings"/> readings.</summary>
    End = 3,
}
