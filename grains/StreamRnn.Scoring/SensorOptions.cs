using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace StreamRnn.Scoring;

/// <summary>How sensors score readings and when they alert. Section <c>Sensors</c>.</summary>
public sealed class SensorOptions : IValidatableObject
{
    public const string SectionName = "Sensors";

    private const double DefaultAnomalyThreshold = 0.5;
    private const double DefaultAnomalyClearThreshold = 0.25;
    private const double DefaultSurpriseScale = 5;
    private const int DefaultMinimumEventGap = 300;
    private const double DefaultEventGapFraction = 0.1;
    private const double DefaultNoveltyScale = 0.1;
    private const int DefaultQuietReadings = 10;
    private const int DefaultLearningReadings = 300;
    private const int DefaultErrorAveragingReadings = 20;
    private const int DefaultErrorMemory = 5_000;
    private const int DefaultSeasonalBuckets = 24;
    private const double DefaultSpikeDeviations = 8;
    private const double DefaultRateOfChangeDeviations = 8;
    private const int DefaultStuckReadings = 12;
    private const int DefaultDropoutIntervals = 5;
    private const int DefaultWindowSize = 64;
    private const int DefaultSwitchProbationReadings = 50;
    private const double DefaultSpreadAdaptation = 0.15;
    private const double DefaultSpreadFloor = 0.5;
    private const int DefaultSpreadMemory = 2_000;
    private const double DefaultDirectionalSurpriseScale = 6;
    private static readonly TimeSpan DefaultReadingCadence = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultDropoutCheckPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan DefaultMinimumDropoutSilence = TimeSpan.FromSeconds(2);

    // What no setting exposes: fixed parts of the scorer, each with the reason for its value.

    /// <summary>The spread of short-term average errors is never taken below a tenth of their mean, so a near-perfect model does not make every wobble news.</summary>
    private const double LikelihoodMinimumRelativeDeviation = 0.1;

    /// <summary>Only keeps the likelihood's division finite when every error so far was exactly 0.</summary>
    private const double LikelihoodMinimumDeviation = 1e-12;

    /// <summary>The likelihood's own yes/no (a tail of 9e-10); sensors alert on the surprise and <see cref="AnomalyThreshold"/> instead.</summary>
    private const double LikelihoodAlertThreshold = 0.9;

    /// <summary>A time-of-day slot speaks once it has seen a day's worth of hourly readings.</summary>
    private const int DaySlotMinimumVisits = 24;

    /// <summary>A time-of-day slot's level follows about its last 20 visits.</summary>
    private const double DaySlotAdaptation = 0.05;

    /// <summary>One slot per hour of the week.</summary>
    private const int WeekSlots = 168;

    /// <summary>An hour-of-week slot speaks after 4 visits (4 weeks of hourly readings): a week is rarely seen more often.</summary>
    private const int WeekSlotMinimumVisits = 4;

    /// <summary>An hour-of-week slot's level follows about its last 10 visits.</summary>
    private const double WeekSlotAdaptation = 0.1;

    /// <summary>
    /// The channels' relation residuals' surprise scale: stricter than the model's (5), since a sensor of C channels has C
    /// more chances to alert. On a synthetic 4-channel pump fleet (30 healthy pumps, 14 days each at 5 minutes) the largest
    /// standard score any channel's relation reached was 5.1; decoupling two related channels reached 10 to 22.
    /// </summary>
    private const double ChannelSurpriseScale = 6;

    /// <summary>
    /// The range a sensor has seen is judged against once it has taken in twice <see cref="LearningReadings"/>: a range
    /// learnt over the likelihood's learning period alone is still so narrow that a young sensor's ordinary readings
    /// leave it too often (on the first 2,000 rows of the NAB corpus, before the allowance below, one learning period scored
    /// 2.5 / 5.0 points below two, standard / low FP).
    /// </summary>
    private const int NoveltyLearningPeriods = 2;

    /// <summary>
    /// The one-sided errors (<see cref="DirectionalErrors"/>) are judged once the sensor has scored twice
    /// <see cref="LearningReadings"/>, as the range is: each side's history is only the errors on its side, and one
    /// learning period can leave a side that saw almost none. On the 1,500-row files around NAB's anomalies, each of the
    /// four daily synthetic series' first judged reading started a false event (the forecast had sat below the readings
    /// through the learning period, and the first reading below it scored z 6.8 on that side while the two-sided z was
    /// 0.05): judged from two periods, 7 fewer false positives there (64.21 to 64.75), the other corpora unchanged.
    /// </summary>
    private const int DirectionalLearningPeriods = 2;

    /// <summary>
    /// The range's ends are drawn in over ten of the error likelihood's memories (50,000 readings by default, about six
    /// months at five minutes), so an extreme a live sensor has long stopped visiting is forgotten in the end. Over one
    /// memory it cost 1.3 points on the NAB corpus (before the allowance below): too many ordinary highs then count as new.
    /// </summary>
    private const int NoveltyMemories = 10;

    /// <summary>
    /// A reading may lie one and a half usual forecast errors beyond the range seen before it counts as beyond it: the
    /// record highs and lows of ordinary noise. Without it a stationary noisy series and the synthetic pump fleets raised
    /// events from their new extremes alone; with 1.5 none does. Against 3, the 1,500-row files around NAB's anomalies
    /// scored 3.4 points higher, the other corpora within 0.25 (docs/NAB.md).
    /// </summary>
    private const double NoveltyErrorAllowance = 1.5;

    /// <summary>The spike and rate-of-change bands remember about 1,000 readings.</summary>
    private const int DetectorMemory = 1_000;

    /// <summary>A spike or rate detector's band is never narrower than a thousandth of its mean's magnitude (a slowly varying large value).</summary>
    private const double DetectorMinimumRelativeDeviation = 1e-3;

    /// <summary>A spike or rate detector's band is never narrower than this, in the sensor's unit (a constant signal).</summary>
    private const double DetectorMinimumDeviation = 1e-9;

    /// <summary>
    /// An anomaly event starts when the surprise (the larger of the model's and the seasonal profile's, in [0, 1]) reaches
    /// this value. Default 0.5: the short-term average error <see cref="SurpriseScale"/> standard deviations above its usual level.
    /// </summary>
    [Range(0.01, 0.99)]
    public double AnomalyThreshold { get; set; } = DefaultAnomalyThreshold;

    /// <summary>An anomaly event goes on while the surprise is at or above this; <see cref="QuietReadings"/> below it end it.</summary>
    [Range(0.0, 0.99)]
    public double AnomalyClearThreshold { get; set; } = DefaultAnomalyClearThreshold;

    /// <summary>The standard score at which the surprise is 0.5 (surprise = z / (z + scale)).</summary>
    [Range(0.01, 1_000)]
    public double SurpriseScale { get; set; } = DefaultSurpriseScale;

    /// <summary>Readings at least from one anomaly event's start to the next one's.</summary>
    [Range(1, 10_000_000)]
    public int MinimumEventGap { get; set; } = DefaultMinimumEventGap;

    /// <summary>
    /// Where this fraction of the readings a sensor has scored is fewer than <see cref="MinimumEventGap"/>, two anomaly
    /// events' starts need only that many readings between them: a sensor young in its history has no long record of
    /// what one event's aftermath looks like, and holding it to the whole gap lets one early event hide the next. 0: the
    /// gap alone. Chosen by the generalisation protocol's short files (docs/NAB.md); <c>eval protocol</c> varies it.
    /// </summary>
    [Range(0.0, 1.0)]
    public double EventGapFraction { get; set; } = DefaultEventGapFraction;

    /// <summary>
    /// Judge how far a reading lies beyond the range the sensor has seen, as a fraction of that range's width: an excess of
    /// this much has surprise 0.5, so it starts an anomaly event at the default threshold (surprise = excess / (excess +
    /// scale)). It finds what the averaged forecast errors judge late or not at all: a burst to a value never reached, a
    /// jump to a level never visited (not a smooth climb past the old high, each of whose readings is a new high by a
    /// little). 0 turns it off. Chosen by the generalisation protocol's short files (docs/NAB.md); <c>eval
    /// protocol</c> varies it.
    /// </summary>
    [Range(0.0, 1_000)]
    public double NoveltyScale { get; set; } = DefaultNoveltyScale;

    /// <summary>Readings in a row below <see cref="AnomalyClearThreshold"/> that end an anomaly event.</summary>
    [Range(1, 100_000)]
    public int QuietReadings { get; set; } = DefaultQuietReadings;

    /// <summary>Readings a new sensor only learns from before its anomaly likelihood speaks.</summary>
    [Range(11, 10_000_000)]
    public int LearningReadings { get; set; } = DefaultLearningReadings;

    /// <summary>
    /// The cadence <see cref="LearningReadings"/>, <see cref="ErrorAveragingReadings"/> and <see cref="MinimumEventGap"/> are
    /// given at (default 5 minutes, the cadence they were chosen on). A sensor whose readings come further apart (its
    /// cadence is learnt from its first readings' timestamps) has those three scaled down so they cover the same time, so an
    /// hourly sensor learns for about a day rather than 300 hours. Never scaled up: a faster sensor keeps them as counts.
    /// 00:00:00 turns the scaling off.
    /// </summary>
    public TimeSpan ReadingCadence { get; set; } = DefaultReadingCadence;

    /// <summary>Errors in the likelihood's short-term average.</summary>
    [Range(1, 10_000)]
    public int ErrorAveragingReadings { get; set; } = DefaultErrorAveragingReadings;

    /// <summary>Short-term averages the likelihood's long-term distribution remembers.</summary>
    [Range(2, 10_000_000)]
    public int ErrorMemory { get; set; } = DefaultErrorMemory;

    /// <summary>Slots of the time-of-day profile (UTC), learnt from the readings' own timestamps.</summary>
    [Range(1, 1440)]
    public int SeasonalBuckets { get; set; } = DefaultSeasonalBuckets;

    /// <summary>Also keep an hour-of-week profile and judge each reading by whichever profile explains it better (weekends unlike weekdays).</summary>
    public bool WeeklyProfile { get; set; } = true;

    /// <summary>
    /// Judge the distance from the profile against its own hour's usual spread (busy hours swing more than quiet ones)
    /// rather than the same for every hour.
    /// </summary>
    public bool SeasonalSpread { get; set; } = true;

    /// <summary>Also judge the model's errors above and below the forecast each against its own history, not only their size.</summary>
    public bool DirectionalErrors { get; set; } = true;

    /// <summary>
    /// How fast an hour's own spread follows new distances from the profile (<see cref="SeasonalSpread"/> on): about
    /// 1/value visits, so 0.15 is a week of days at hourly readings (at least 0.004: a slot counts its visits up to 255).
    /// Chosen on the NAB corpus; <c>eval protocol</c> varies it.
    /// </summary>
    [Range(0.004, 1)]
    public double SpreadAdaptation { get; set; } = DefaultSpreadAdaptation;

    /// <summary>
    /// A calm hour's spread counts as at least this fraction of the overall spread, so it is not made hair-trigger
    /// (<see cref="SeasonalSpread"/> on). Chosen on the NAB corpus; <c>eval protocol</c> varies it.
    /// </summary>
    [Range(0.01, 1)]
    public double SpreadFloor { get; set; } = DefaultSpreadFloor;

    /// <summary>Distances from the profile the overall spread remembers (<see cref="SeasonalSpread"/> on). Chosen on the NAB corpus.</summary>
    [Range(2, 10_000_000)]
    public int SpreadMemory { get; set; } = DefaultSpreadMemory;

    /// <summary>
    /// The surprise scale of the one-sided errors (<see cref="DirectionalErrors"/> on): a little stricter than
    /// <see cref="SurpriseScale"/>, since they are two more chances to alert. Chosen on the NAB corpus.
    /// </summary>
    [Range(0.01, 1_000)]
    public double DirectionalSurpriseScale { get; set; } = DefaultDirectionalSurpriseScale;

    /// <summary>
    /// The fewest errors the short-term average takes when <see cref="ReadingCadence"/> scales it down for a slow sensor:
    /// fewer makes one noisy error an event. Chosen on the corpus resampled to slower cadences (docs/NAB.md).
    /// </summary>
    [Range(1, 10_000)]
    public int ScaledAveragingFloor { get; set; } = CadenceScaling.DefaultAveragingFloor;

    /// <summary>A reading this many standard deviations from the recent band is a spike.</summary>
    [Range(0.1, 1_000)]
    public double SpikeDeviations { get; set; } = DefaultSpikeDeviations;

    /// <summary>A change per second this many standard deviations from the usual ones raises a rate-of-change alert.</summary>
    [Range(0.1, 1_000)]
    public double RateOfChangeDeviations { get; set; } = DefaultRateOfChangeDeviations;

    /// <summary>
    /// Judge every channel of a multichannel sensor (each by how well it follows the other channels and its own last
    /// reading), not only channel 0 (by the model and its seasonal profile). No effect on a univariate sensor.
    /// </summary>
    public bool JudgeEveryChannel { get; set; } = true;

    /// <summary>A fixed limit on the change per second (sensor unit per second) instead of the learnt band; unset by default.</summary>
    public double? MaxRatePerSecond { get; set; }

    /// <summary>The lowest valid value; below it raises an out-of-range alert. Unset by default.</summary>
    public double? MinValue { get; set; }

    /// <summary>The highest valid value; above it raises an out-of-range alert. Unset by default.</summary>
    public double? MaxValue { get; set; }

    /// <summary>Readings in a row with exactly the same value that make a stuck sensor.</summary>
    [Range(2, 1_000_000)]
    public int StuckReadings { get; set; } = DefaultStuckReadings;

    /// <summary>A sensor that sends nothing for this many of its usual intervals has dropped out.</summary>
    [Range(2, 1_000_000)]
    public int DropoutIntervals { get; set; } = DefaultDropoutIntervals;

    /// <summary>
    /// The longest an active sensor's dropout watch (a wake-up on its silo's one dropout timer: it fires with no message) sleeps between two checks. It
    /// wakes when silence would become a dropout, so this only bounds how late a dropout can be found after the clock
    /// jumps, and paces a retry after raising one failed. Default 1 minute.
    /// </summary>
    public TimeSpan DropoutCheckPeriod { get; set; } = DefaultDropoutCheckPeriod;

    /// <summary>The shortest silence that counts as dropout, whatever the sensor's usual interval.</summary>
    public TimeSpan MinimumDropoutSilence { get; set; } = DefaultMinimumDropoutSilence;

    /// <summary>
    /// Recent values each sensor keeps (for re-warming after a model switch and for inspection). At most 4,096: the
    /// window is in every state write, and a model switch re-runs it through the batcher for every sensor.
    /// </summary>
    [Range(1, 4_096)]
    public int WindowSize { get; set; } = DefaultWindowSize;

    /// <summary>Readings after a model switch during which the sensor raises no anomaly alert (its scorer keeps learning).</summary>
    [Range(10, 100_000)]
    public int SwitchProbationReadings { get; set; } = DefaultSwitchProbationReadings;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AnomalyClearThreshold >= AnomalyThreshold)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(AnomalyClearThreshold)} ({AnomalyClearThreshold}) must be below {SectionName}:{nameof(AnomalyThreshold)} ({AnomalyThreshold}).",
                [nameof(AnomalyClearThreshold)]);
        }

        if (LearningReadings <= ErrorAveragingReadings)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(LearningReadings)} ({LearningReadings}) must be above {SectionName}:{nameof(ErrorAveragingReadings)} ({ErrorAveragingReadings}).",
                [nameof(LearningReadings)]);
        }

        if (SwitchProbationReadings < ErrorAveragingReadings)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(SwitchProbationReadings)} ({SwitchProbationReadings}) must be at least {SectionName}:{nameof(ErrorAveragingReadings)} ({ErrorAveragingReadings}).",
                [nameof(SwitchProbationReadings)]);
        }

        if (MinValue is { } min && MaxValue is { } max && !(min < max))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(MinValue)} ({min}) must be below {SectionName}:{nameof(MaxValue)} ({max}).", [nameof(MinValue)]);
        }

        if (MaxRatePerSecond is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(MaxRatePerSecond)} ({rate}) must be a positive number.", [nameof(MaxRatePerSecond)]);
        }

        if (ReadingCadence < TimeSpan.Zero)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(ReadingCadence)} must not be negative (00:00:00 turns cadence scaling off).", [nameof(ReadingCadence)]);
        }

        if (DropoutCheckPeriod <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(DropoutCheckPeriod)} must be positive.", [nameof(DropoutCheckPeriod)]);
        }

        if (MinimumDropoutSilence <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(MinimumDropoutSilence)} must be positive.", [nameof(MinimumDropoutSilence)]);
        }
    }

    /// <summary>These settings as the scorer's, validated (the one place scorer settings are checked).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public SensorScorerSettings ToScorerSettings()
    {
        var settings = BuildScorerSettings();
        settings.Validate();
        return settings;
    }

    /// <summary>These settings as a sensor pipeline's, validated.</summary>
    /// <param name="trainingWindows">The training-window grid (the fine-tuning options'); null: cut none (offline scoring).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public SensorPipelineSettings ToPipelineSettings(TrainingWindowSettings? trainingWindows)
    {
        var settings = new SensorPipelineSettings
        {
            Scorer = BuildScorerSettings(),
            LearningReadings = LearningReadings,
            StuckReadings = StuckReadings,
            WindowSize = WindowSize,
            DropoutIntervals = DropoutIntervals,
            MinimumDropoutSilence = MinimumDropoutSilence,
            TrainingWindows = trainingWindows,
            ReferenceCadence = ReadingCadence > TimeSpan.Zero ? ReadingCadence : null,
            ScaledAveragingFloor = ScaledAveragingFloor,
            ChannelSurpriseScale = JudgeEveryChannel ? ChannelSurpriseScale : null,
        };
        settings.Validate();
        return settings;
    }

    private SensorScorerSettings BuildScorerSettings() =>
        new()
        {
            Likelihood = new AnomalyLikelihoodSettings
            {
                ShortWindow = ErrorAveragingReadings,
                Memory = ErrorMemory,
                LearningPeriod = LearningReadings,
                ProbationPeriod = SwitchProbationReadings,
                MinimumRelativeDeviation = LikelihoodMinimumRelativeDeviation,
                MinimumDeviation = LikelihoodMinimumDeviation,
                AlertThreshold = LikelihoodAlertThreshold,
            },
            Seasonal = new SeasonalProfileSettings { Week = false, Buckets = SeasonalBuckets, MinimumVisits = DaySlotMinimumVisits, Adaptation = DaySlotAdaptation },
            WeeklySeasonal = WeeklyProfile ? new SeasonalProfileSettings { Week = true, Buckets = WeekSlots, MinimumVisits = WeekSlotMinimumVisits, Adaptation = WeekSlotAdaptation } : null,
            SeasonalSpread = SeasonalSpread ? new SeasonalSpreadSettings { Adaptation = SpreadAdaptation, Floor = SpreadFloor, OverallMemory = SpreadMemory } : null,
            DirectionalSurpriseScale = DirectionalErrors ? DirectionalSurpriseScale : null,
            DirectionalLearningReadings = DirectionalLearningPeriods * LearningReadings,
            Novelty = NoveltyScale == 0
                ? null
                : new RangeNoveltySettings
                {
                    Scale = NoveltyScale,
                    LearningReadings = NoveltyLearningPeriods * LearningReadings,
                    Memory = NoveltyMemories * ErrorMemory,
                    ErrorAllowance = NoveltyErrorAllowance,
                },
            SurpriseScale = SurpriseScale,
            Threshold = AnomalyThreshold,
            ClearThreshold = AnomalyClearThreshold,
            QuietReadings = QuietReadings,
            MinimumEventGap = MinimumEventGap,
            EventGapFraction = EventGapFraction,
            Spike = new SpikeDetectorSettings
            {
                Deviations = SpikeDeviations,
                Memory = DetectorMemory,
                LearningPeriod = LearningReadings,
                MinimumRelativeDeviation = DetectorMinimumRelativeDeviation,
                MinimumDeviation = DetectorMinimumDeviation,
            },
            RateOfChange = new RateOfChangeDetectorSettings
            {
                Deviations = RateOfChangeDeviations,
                Memory = DetectorMemory,
                LearningPeriod = LearningReadings,
                MinimumRelativeDeviation = DetectorMinimumRelativeDeviation,
                MinimumDeviation = DetectorMinimumDeviation,
                MaxRatePerSecond = MaxRatePerSecond,
            },
            Range = new RangeDetectorSettings(MinValue, MaxValue),
        };

    /// <summary>A copy to apply run-time overrides to.</summary>
    public SensorOptions Clone() => (SensorOptions)MemberwiseClone();
}
