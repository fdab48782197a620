namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="SensorScorer"/>: the behavioural anomaly score, its events, and the failure-mode detectors.
/// Every default is relative to the sensor's own history, so they work untuned on sensors of any unit and rate.
/// </summary>
public sealed record SensorScorerSettings
{
    private const double DefaultSurpriseScale = 5;
    private const double DefaultDirectionalSurpriseScale = 6;
    private const double DefaultThreshold = 0.5;
    private const double DefaultClearThreshold = 0.25;
    private const int DefaultQuietReadings = 10;
    private const int DefaultMinimumEventGap = 300;
    private const int DefaultErrorMemory = 5_000;
    private const double DefaultDetectorDeviations = 8;
    private const int DefaultDetectorMemory = 1_000;
    private const int DefaultDetectorLearning = 300;
    private const int DefaultAveragingReadings = 20;

    /// <summary>The settings with every default.</summary>
    public static SensorScorerSettings Default { get; } = new();

    /// <summary>
    /// The anomaly likelihood of both forecast errors (the model's and the seasonal profile's). Default: the
    /// likelihood's defaults with a short-term average of 20 errors rather than Numenta's 10 (on the NAB corpus it halved
    /// the false alarms for the same detections) and a long-term memory of 5,000 averages rather than 2,000.
    /// </summary>
    public AnomalyLikelihoodSettings Likelihood { get; init; } = AnomalyLikelihoodSettings.Default with { ShortWindow = DefaultAveragingReadings, Memory = DefaultErrorMemory };

    /// <summary>The time-of-day profile behind the seasonal forecast error.</summary>
    public SeasonalProfileSettings Seasonal { get; init; } = SeasonalProfileSettings.Default;

    /// <summary>
    /// A second, hour-of-week profile (null: none). Where its slot is ready, the seasonal error is the smaller of the
    /// two profiles' errors: the one that explains the reading better (weekends unlike weekdays, say) is the one it is
    /// judged by. Default <see cref="SeasonalProfileSettings.Weekly"/>.
    /// </summary>
    public SeasonalProfileSettings? WeeklySeasonal { get; init; } = SeasonalProfileSettings.Weekly;

    /// <summary>
    /// The time-of-day spread the seasonal distance is judged against (null: none, every hour alike). Default
    /// <see cref="SeasonalSpreadSettings.Default"/>, over the slots of <see cref="Seasonal"/>.
    /// </summary>
    public SeasonalSpreadSettings? SeasonalSpread { get; init; } = SeasonalSpreadSettings.Default;

    /// <summary>
    /// Also judge the model's errors above and below the forecast each against its own history (null: only their size).
    /// Many sensors err unevenly (counts burst upwards; a machine's temperature wanders within a band), so a run of errors
    /// on the usually quiet side is news sooner than their size alone says. The value is the surprise scale of those two
    /// one-sided averages, z / (z + scale). Default 6, a little stricter than <see cref="SurpriseScale"/>: they are two
    /// more chances to alert.
    /// </summary>
    public double? DirectionalSurpriseScale { get; init; } = DefaultDirectionalSurpriseScale;

    /// <summary>
    /// The standard score at which the surprise is 0.5: a short-term average error z standard deviations above its
    /// usual level has surprise z / (z + scale). Default 5; more than 0.
    /// </summary>
    public double SurpriseScale { get; init; } = DefaultSurpriseScale;

    /// <summary>A surprise at or above this starts an anomaly event. Default 0.5 (z = 5 with the default scale); in (0, 1).</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>An active event goes on while the surprise is at or above this. Default 0.25; at most <see cref="Threshold"/>.</summary>
    public double ClearThreshold { get; init; } = DefaultClearThreshold;

    /// <summary>Readings in a row below <see cref="ClearThreshold"/> that end an event. Default 10.</summary>
    public int QuietReadings { get; init; } = DefaultQuietReadings;

    /// <summary>Readings at least from one anomaly event's start to the next one's. Default 300.</summary>
    public int MinimumEventGap { get; init; } = DefaultMinimumEventGap;

    /// <summary>The spike detector (a single reading far outside the recent band): 8 σ, memory 1,000, after 300 readings.</summary>
    public SpikeDetectorSettings Spike { get; init; } = new() { Deviations = DefaultDetectorDeviations, Memory = DefaultDetectorMemory, LearningPeriod = DefaultDetectorLearning };

    /// <summary>The rate-of-change detector (a change per second far outside the usual ones, or above a limit): 8 σ, memory 1,000, after 300 readings.</summary>
    public RateOfChangeDetectorSettings RateOfChange { get; init; } = new() { Deviations = DefaultDetectorDeviations, Memory = DefaultDetectorMemory, LearningPeriod = DefaultDetectorLearning };

    /// <summary>Fixed limits (none by default).</summary>
    public RangeDetectorSettings Range { get; init; } = RangeDetectorSettings.Unbounded;

    /// <summary>The event rule as <see cref="AlertDebouncer"/> settings.</summary>
    public AlertDebouncerSettings Debouncer => new()
    {
        Threshold = Threshold,
        ClearThreshold = ClearThreshold,
        QuietReadings = QuietReadings,
        UpdateEvery = QuietReadings,
        MinimumStartGap = MinimumEventGap,
    };

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
        Spike.Validate();
        RateOfChange.Validate();
        Range.Validate();
        SettingsGuard.ThrowIfNotPositiveFinite(SurpriseScale, nameof(SurpriseScale));
        if (DirectionalSurpriseScale is { } directionalScale)
        {
            SettingsGuard.ThrowIfNotPositiveFinite(directionalScale, nameof(DirectionalSurpriseScale));
        }

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
    }
}
