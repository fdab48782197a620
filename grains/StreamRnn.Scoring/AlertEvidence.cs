namespace StreamRnn.Scoring;

/// <summary>
/// Why a detector raised an alert, in numbers, built only when an alert starts or updates (never per reading). The
/// detector judged <see cref="Observed"/> (a quantity in <see cref="Measure"/>'s unit) against the band
/// [<see cref="Lower"/>, <see cref="Upper"/>] (null: unbounded on that side); the other members are the detector's own
/// evidence, null where the detector has none of that kind.
/// </summary>
/// <param name="Measure">What <paramref name="Observed"/> is: <see cref="ValueMeasure"/>, <see cref="RateMeasure"/>, <see cref="RunMeasure"/> or <see cref="SilenceMeasure"/>.</param>
/// <param name="Observed">The quantity judged.</param>
/// <param name="Lower">The band's lower end, or null.</param>
/// <param name="Upper">The band's upper end, or null.</param>
/// <param name="Channel">
/// The channel judged: 0 for a univariate sensor and for every alert but an anomaly; for a multichannel sensor's anomaly,
/// the channel whose surprise was the largest (the one that contributed most).
/// </param>
public sealed record AlertEvidence(string Measure, double Observed, double? Lower, double? Upper, int Channel = 0)
{
    /// <summary>The reading's value, in the sensor's unit.</summary>
    public const string ValueMeasure = "value";

    /// <summary>The change per second between two readings, in the sensor's unit per second.</summary>
    public const string RateMeasure = "ratePerSecond";

    /// <summary>Readings in a row with exactly the same value.</summary>
    public const string RunMeasure = "runLength";

    /// <summary>Seconds since the last reading arrived (arrival clock).</summary>
    public const string SilenceMeasure = "silenceSeconds";

    /// <summary>Anomaly <see cref="Basis"/>: a channel's relation to the other channels decided (<see cref="ChannelRelations"/>).</summary>
    public const string RelationBasis = "relation";

    /// <summary>Anomaly <see cref="Basis"/>: the reading lay beyond the range the sensor has seen (<see cref="RangeNovelty"/>); the band is that range widened to where the surprise reaches the threshold.</summary>
    public const string RangeBasis = "range";

    /// <summary>Anomaly: which error decided, <c>forecast</c> (the model's), <c>seasonal</c> (the time-of-day profile's), <c>range</c> (beyond the range seen) or <c>relation</c> (a channel's against the others, <see cref="Channel"/>).</summary>
    public string? Basis { get; init; }

    /// <summary>Anomaly: 1 − the upper-tail probability of the recent average error, of the deciding likelihood.</summary>
    public double? Likelihood { get; init; }

    /// <summary>Anomaly: the standard score z of the recent average error against its long-term distribution, of the deciding likelihood.</summary>
    public double? StandardScore { get; init; }

    /// <summary>Anomaly: the reading minus the model's forecast, in the sensor's unit.</summary>
    public double? ForecastError { get; init; }

    /// <summary>Anomaly: the average absolute forecast error over the likelihood's short window, including this reading.</summary>
    public double? RecentError { get; init; }

    /// <summary>Anomaly: the long-term mean of that average (the usual error).</summary>
    public double? UsualError { get; init; }

    /// <summary>Anomaly: the long-term (floored) standard deviation of that average (the usual error's spread).</summary>
    public double? ErrorSpread { get; init; }

    /// <summary>Spike, rate of change: the centre of the band (the recent mean value or rate).</summary>
    public double? Mean { get; init; }

    /// <summary>Spike, rate of change: |observed − mean| in the band's (floored) standard deviations.</summary>
    public double? Deviations { get; init; }

    /// <summary>Rate of change: the configured limit on |rate|. Out of range: the limit crossed (for a value beyond the learnt range, the bound it was scored at).</summary>
    public double? Limit { get; init; }

    /// <summary>Stuck: the longest run of equal values the sensor had in normal operation.</summary>
    public int? UsualRun { get; init; }

    /// <summary>Dropout: the sensor's usual gap between readings, in seconds (arrival clock).</summary>
    public double? UsualGapSeconds { get; init; }

    /// <summary>
    /// Multichannel sensors only: per channel, the change of its reading from the previous one in that channel's own
    /// standard deviations (the normalised inputs the model saw, so at most 2 × <see cref="OnlineNormalizer.Clip"/>).
    /// Which channels are anomalous is <see cref="Channels"/>; this says which moved.
    /// </summary>
    public double[]? ChannelErrors { get; init; }

    /// <summary>Multichannel sensors only: the channel with the largest |<see cref="ChannelErrors"/>| (the lowest on a tie).</summary>
    public int? LargestChannel { get; init; }

    /// <summary>
    /// Multichannel anomaly only: each channel's surprise on this reading, in [0, 1): channel 0's the largest of its
    /// model's, its seasonal profile's and its relation's, every other channel's its relation's (<see cref="ChannelRelations"/>).
    /// </summary>
    public double[]? ChannelSurprises { get; init; }

    /// <summary>Multichannel anomaly only: the channels whose surprise reached the anomaly threshold, in order (empty on an update where none did).</summary>
    public int[]? Channels { get; init; }
}
