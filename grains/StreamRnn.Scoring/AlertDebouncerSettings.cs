namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="AlertDebouncer"/>, every one given. Thresholds of 0.9 and 0.5 suit
/// <see cref="AnomalyLikelihoodResult.LogLikelihood"/>; for a detector's yes/no, pass scores 1 and 0 with
/// both thresholds at 0.5.
/// </summary>
public sealed record AlertDebouncerSettings
{
    /// <summary>A score at or above this starts an event.</summary>
    public required double Threshold { get; init; }

    /// <summary>A score below this is quiet; at or above it an active event goes on; at most <see cref="Threshold"/>.</summary>
    public required double ClearThreshold { get; init; }

    /// <summary>Quiet readings in a row that end an event. At least 1.</summary>
    public required int QuietReadings { get; init; }

    /// <summary>Readings at least between two reports (start or update) of one event. At least 1.</summary>
    public required int UpdateEvery { get; init; }

    /// <summary>
    /// Readings at least from one event's start to the next one's: a score that crosses the threshold sooner
    /// (the same failure flaring again, or its aftermath) starts nothing. At least 1.
    /// </summary>
    public required int MinimumStartGap { get; init; }

    /// <summary>
    /// Where this fraction of the readings observed so far is fewer than <see cref="MinimumStartGap"/>, the gap is that
    /// many readings (rounded up, at least 1): a sensor young in its history may start its next event sooner. 0 (the
    /// default): <see cref="MinimumStartGap"/> alone. In [0, 1].
    /// </summary>
    public double StartGapFraction { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Must be finite.");
        }

        if (!double.IsFinite(ClearThreshold) || ClearThreshold > Threshold)
        {
            throw new ArgumentOutOfRangeException(nameof(ClearThreshold), ClearThreshold, "Must be finite and at most the threshold.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(QuietReadings, 1, nameof(QuietReadings));
        ArgumentOutOfRangeException.ThrowIfLessThan(UpdateEvery, 1, nameof(UpdateEvery));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumStartGap, 1, nameof(MinimumStartGap));
        if (!(StartGapFraction >= 0 && StartGapFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(StartGapFraction), StartGapFraction, "Must be in [0, 1].");
        }
    }
}
