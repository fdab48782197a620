using System.Runtime.CompilerServices;

namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="SensorScorer"/>: the behavioural anomaly score, its events, and the failure-mode detectors.
/// Every one is given: a sensor's come from <see cref="SensorOptions.ToScorerSettings"/>, the one home of their defaults,
/// which validates them once.
/// </summary>
public sealed record SensorScorerSettings
{
    /// <summary>The anomaly likelihood of both forecast errors (the model's and the seasonal profile's).</summary>
    public required AnomalyLikelihoodSettings Likelihood { get; init; }

    /// <summary>The time-of-day profile behind the seasonal forecast error.</summary>
    public required SeasonalProfileSettings Seasonal { get; init; }

    /// <summary>
    /// A second, hour-of-week profile (null: none). Where its slot is ready, the seasonal error is the smaller of the
    /// two profiles' errors: the one that explains the reading better (weekends unlike weekdays, say) is the one it is
    /// judged by.
    /// </summary>
    public required SeasonalProfileSettings? WeeklySeasonal { get; init; }

    /// <summary>The time-of-day spread the seasonal distance is judged against, over the slots of <see cref="Seasonal"/> (null: none, every hour alike).</summary>
    public required SeasonalSpreadSettings? SeasonalSpread { get; init; }

    /// <summary>
    /// Also judge the model's errors above and below the forecast each against its own history (null: only their size).
    /// Many sensors err unevenly (counts burst upwards; a machine's temperature wanders within a band), so a run of errors
    /// on the usually quiet side is news sooner than their size alone says. The value is the surprise scale of those two
    /// one-sided averages, z / (z + scale).
    /// </summary>
    public required double? DirectionalSurpriseScale { get; init; }

    /// <summary>
    /// Readings the sensor scores before the one-sided errors are judged (with <see cref="DirectionalSurpriseScale"/>);
    /// they learn from the first reading. Each side's history holds only the errors on its side, so it needs longer than
    /// the likelihood's learning period to know what is usual there: after a learning period in which the readings all
    /// sat above the forecast, a first run below it would look like news. 0: judged as soon as the likelihood has learnt.
    /// </summary>
    public int DirectionalLearningReadings { get; init; }

    /// <summary>
    /// Also judge how far a reading lies beyond the range the sensor has seen (<see cref="RangeNovelty"/>; null: not at all).
    /// </summary>
    public RangeNoveltySettings? Novelty { get; init; }

    /// <summary>
    /// The standard score at which the surprise is 0.5: a short-term average error z standard deviations above its
    /// usual level has surprise z / (z + scale). More than 0.
    /// </summary>
    public required double SurpriseScale { get; init; }

    /// <summary>A surprise at or above this starts an anomaly event; in (0, 1).</summary>
    public required double Threshold { get; init; }

    /// <summary>An active event goes on while the surprise is at or above this; at most <see cref="Threshold"/>.</summary>
    public required double ClearThreshold { get; init; }

    /// <summary>Readings in a row below <see cref="ClearThreshold"/> that end an event (and between two reports of one event).</summary>
    public required int QuietReadings { get; init; }

    /// <summary>Readings at least from one anomaly event's start to the next one's.</summary>
    public required int MinimumEventGap { get; init; }

    /// <summary>
    /// The gap between two events' starts as a fraction of the readings the sensor has scored, where that is fewer than
    /// <see cref="MinimumEventGap"/> (<see cref="AlertDebouncerSettings.StartGapFraction"/>); 0: the gap alone. In [0, 1].
    /// </summary>
    public double EventGapFraction { get; init; }

    /// <summary>The spike detector (a single reading far outside the recent band).</summary>
    public required SpikeDetectorSettings Spike { get; init; }

    /// <summary>The rate-of-change detector (a change per second far outside the usual ones, or above a limit).</summary>
    public required RateOfChangeDetectorSettings RateOfChange { get; init; }

    /// <summary>Fixed limits (<see cref="RangeDetectorSettings.Unbounded"/>: none).</summary>
    public required RangeDetectorSettings Range { get; init; }

    /// <summary>The event rule as <see cref="AlertDebouncer"/> settings: one object per settings object, so the sensors that share settings share it.</summary>
    public AlertDebouncerSettings Debouncer => Debouncers.GetValue(this, static settings => new()
    {
        Threshold = settings.Threshold,
        ClearThreshold = settings.ClearThreshold,
        QuietReadings = settings.QuietReadings,
        UpdateEvery = settings.QuietReadings,
        MinimumStartGap = settings.MinimumEventGap,
        StartGapFraction = settings.EventGapFraction,
    });

    /// <summary>
    /// The quantity x whose surprise x / (x + <paramref name="scale"/>) is exactly <see cref="Threshold"/>: the standard score
    /// or the excess at which a surprise of that scale starts an event (the evidence's bands reach to it).
    /// </summary>
    public double AtThreshold(double scale) => scale * Threshold / (1 - Threshold);

    /// <summary>Each settings object's <see cref="Debouncer"/>, by reference (a copy made with <c>with</c> gets its own).</summary>
    private static readonly ConditionalWeakTable<SensorScorerSettings, AlertDebouncerSettings> Debouncers = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Likelihood, nameof(Likelihood));
        ArgumentNullException.ThrowIfNull(Seasonal, nameof(Seasonal));
        ArgumentNullException.ThrowIfNull(Spike, nameof(Spike));
        ArgumentNullException.ThrowIfNull(RateOfChange, nameof(RateOfChange));
        ArgumentNullException.ThrowIfNull(Range, nameof(Range));
        Likelihood.Validate();
        Seasonal.Validate();
        WeeklySeasonal?.Validate();
        SeasonalSpread?.Validate();
        Novelty?.Validate();
        Spike.Validate();
        RateOfChange.Validate();
        Range.Validate();
        SettingsGuard.ThrowIfNotPositiveFinite(SurpriseScale, nameof(SurpriseScale));
        if (DirectionalSurpriseScale is { } directionalScale)
        {
            SettingsGuard.ThrowIfNotPositiveFinite(directionalScale, nameof(DirectionalSurpriseScale));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(DirectionalLearningReadings, nameof(DirectionalLearningReadings));

        if (!(Threshold > 0 && Threshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Must be in (0, 1).");
        }

        if (!(ClearThreshold >= 0 && ClearThreshold <= Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(ClearThreshold), ClearThreshold, "Must be in [0, Threshold].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(QuietReadings, 1, nameof(QuietReadings));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumEventGap, 1, nameof(MinimumEventGap));
        if (!(EventGapFraction >= 0 && EventGapFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(EventGapFraction), EventGapFraction, "Must be in [0, 1].");
        }

        Debouncer.Validate();
    }
}
