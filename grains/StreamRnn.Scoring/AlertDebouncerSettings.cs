namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="AlertDebouncer"/>. The default thresholds suit
/// <see cref="AnomalyLikelihoodResult.LogLikelihood"/>; for a detector's yes/no, pass scores 1 and 0 with
/// both thresholds at 0.5.
/// </summary>
public sealed record AlertDebouncerSettings
{
    private const double DefaultThreshold = 0.9;
    private const double DefaultClearThreshold = 0.5;
    private const int DefaultQuietReadings = 10;
    private const int DefaultUpdateEvery = 10;
    private const int DefaultMinimumStartGap = 1;

    /// <summary>The settings with every default.</summary>
    public static AlertDebouncerSettings Default { get; } = new();

    /// <summary>A score at or above this starts an event. Default 0.9 (<see cref="AnomalyLikelihoodSettings.AlertThreshold"/>).</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>A score below this is quiet; at or above it an active event goes on. Default 0.5; at most <see cref="Threshold"/>.</summary>
    public double ClearThreshold { get; init; } = DefaultClearThreshold;

    /// <summary>Quiet readings in a row that end an event. Default 10; at least 1.</summary>
    public int QuietReadings { get; init; } = DefaultQuietReadings;

    /// <summary>Readings at least between two reports (start or update) of one event. Default 10; at least 1.</summary>
    public int UpdateEvery { get; init; } = DefaultUpdateEvery;

    /// <summary>
    /// Readings at least from one event's start to the next one's: a score that crosses the threshold sooner
    /// (the same failure flaring again, or its aftermath) starts nothing. Default 1 (no gap); at least 1.
    /// </summary>
    public int MinimumStartGap { get; init; } = DefaultMinimumStartGap;

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
    }
}
