using System.Globalization;
using System.Text;

namespace StreamRnn.Contracts;

/// <summary>
/// Why an alert fired: the detector judged <see cref="Observed"/> (in <see cref="Measure"/>'s unit) on
/// <see cref="Channel"/> against the expected range [<see cref="Lower"/>, <see cref="Upper"/>] (null: unbounded on that
/// side), with the detector's own evidence in the other members (null where the detector has none of that kind). Carried
/// by an alert's start and updates; an end carries none. <see cref="Describe"/> is the one-line form the CLI prints.
/// </summary>
/// <param name="Detector">
/// <c>anomalyLikelihood</c>, <c>stuckValue</c>, <c>dropout</c>, <c>spike</c>, <c>rateOfChange</c> or <c>range</c>
/// (one per <see cref="AlertKind"/>, in that order).
/// </param>
/// <param name="Channel">
/// The channel judged: 0 for a univariate sensor and for every kind but an anomaly; a multichannel sensor's anomaly names
/// the channel that contributed most (its surprise the largest), <see cref="Channels"/> every channel at the threshold.
/// </param>
/// <param name="Measure"><c>value</c> (sensor unit), <c>ratePerSecond</c> (unit per second), <c>runLength</c> (readings) or <c>silenceSeconds</c>.</param>
/// <param name="Observed">The quantity judged.</param>
/// <param name="Lower">The lower end of the expected range, or null.</param>
/// <param name="Upper">The upper end of the expected range (for stuck and dropout, the run or silence that fires), or null.</param>
[GenerateSerializer, Immutable, Alias("streamrnn.alert-explanation")]
public sealed record AlertExplanation(
    [property: Id(0)] string Detector,
    [property: Id(1)] int Channel,
    [property: Id(2)] string Measure,
    [property: Id(3)] double Observed,
    [property: Id(4)] double? Lower,
    [property: Id(5)] double? Upper)
{
    /// <summary>
    /// Anomaly: <c>forecast</c> (the model's error decided), <c>seasonal</c> (the time-of-day profile's), <c>range</c> (the
    /// reading lay beyond the range the sensor has seen; <see cref="Lower"/> and <see cref="Upper"/> are that range widened
    /// to where it alerts) or <c>relation</c> (a multichannel sensor's <see cref="Channel"/> no longer follows the other
    /// channels as it did).
    /// </summary>
    [Id(6)]
    public string? Basis { get; init; }

    /// <summary>Anomaly: the deciding likelihood, 1 − <see cref="TailProbability"/>.</summary>
    [Id(7)]
    public double? Likelihood { get; init; }

    /// <summary>Anomaly: the standard score z of the recent average error against its long-term distribution.</summary>
    [Id(8)]
    public double? StandardScore { get; init; }

    /// <summary>Anomaly: the standard normal upper tail of <see cref="StandardScore"/> (precise where the likelihood rounds to 1).</summary>
    [Id(9)]
    public double? TailProbability { get; init; }

    /// <summary>Anomaly: the reading minus the model's forecast, in the sensor's unit.</summary>
    [Id(10)]
    public double? ForecastError { get; init; }

    /// <summary>Anomaly: the average absolute forecast error over the likelihood's short window, this reading included.</summary>
    [Id(11)]
    public double? RecentError { get; init; }

    /// <summary>Anomaly: the usual value of that average (its long-term mean).</summary>
    [Id(12)]
    public double? UsualError { get; init; }

    /// <summary>Anomaly: the usual spread of that average (its long-term standard deviation, floored).</summary>
    [Id(13)]
    public double? ErrorSpread { get; init; }

    /// <summary>Spike, rate of change: the centre of the band (recent mean value or rate).</summary>
    [Id(14)]
    public double? Mean { get; init; }

    /// <summary>Spike, rate of change: |observed − mean| in the band's standard deviations.</summary>
    [Id(15)]
    public double? Deviations { get; init; }

    /// <summary>Rate of change: the configured limit on |rate|. Out of range: the limit crossed.</summary>
    [Id(16)]
    public double? Limit { get; init; }

    /// <summary>Stuck: the longest run of equal readings the sensor had in normal operation.</summary>
    [Id(17)]
    public int? UsualRun { get; init; }

    /// <summary>Dropout: the sensor's usual gap between readings, in seconds.</summary>
    [Id(18)]
    public double? UsualGapSeconds { get; init; }

    /// <summary>
    /// Multichannel sensors: per channel, the change of its reading from the previous one in that channel's standard
    /// deviations, as the model saw it (inputs clipped at ±8).
    /// </summary>
    [Id(19)]
    public double[]? ChannelErrors { get; init; }

    /// <summary>Multichannel sensors: the channel with the largest |<see cref="ChannelErrors"/>|, the one that moved most.</summary>
    [Id(20)]
    public int? LargestChannel { get; init; }

    /// <summary>
    /// Multichannel anomaly: each channel's surprise in [0, 1) on this reading (channel 0's the largest of its model's,
    /// seasonal profile's and relation's; every other channel's its relation's). The anomaly threshold applies to each.
    /// </summary>
    [Id(21)]
    public double[]? ChannelSurprises { get; init; }

    /// <summary>Multichannel anomaly: the channels whose surprise reached the anomaly threshold, in order (may be empty on an update).</summary>
    [Id(22)]
    public int[]? Channels { get; init; }

    /// <summary>Value equality, the arrays compared element by element (a record compares arrays by reference).</summary>
    public bool Equals(AlertExplanation? other) =>
        other is not null
        && (Detector, Channel, Measure, Observed, Lower, Upper) == (other.Detector, other.Channel, other.Measure, other.Observed, other.Lower, other.Upper)
        && (Basis, Likelihood, StandardScore, TailProbability, ForecastError, RecentError, UsualError) == (other.Basis, other.Likelihood, other.StandardScore, other.TailProbability, other.ForecastError, other.RecentError, other.UsualError)
        && (ErrorSpread, Mean, Deviations, Limit, UsualRun, UsualGapSeconds, LargestChannel) == (other.ErrorSpread, other.Mean, other.Deviations, other.Limit, other.UsualRun, other.UsualGapSeconds, other.LargestChannel)
        && (ChannelErrors ?? []).AsSpan().SequenceEqual(other.ChannelErrors ?? []) && (ChannelErrors is null) == (other.ChannelErrors is null)
        && (ChannelSurprises ?? []).AsSpan().SequenceEqual(other.ChannelSurprises ?? []) && (ChannelSurprises is null) == (other.ChannelSurprises is null)
        && (Channels ?? []).AsSpan().SequenceEqual(other.Channels ?? []) && (Channels is null) == (other.Channels is null);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Detector, Channel, Measure, Observed, Lower, Upper, StandardScore, LargestChannel);

    /// <summary>
    /// One readable line, e.g. <c>anomaly on ch0: 93.1 vs expected 41.2–47.9 (forecast likelihood z=4.7, error 49.2 vs usual 1.1±0.4)</c>.
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var channel = Inv($"ch{Channel}");
        switch (Detector)
        {
            case "stuckValue":
                text.Append(Inv($"stuck on {channel}: {Observed:G6} equal readings in a row (fires at {Upper:G6}; usual run {UsualRun})"));
                break;
            case "dropout":
                text.Append(Inv($"dropout: silent {Observed:G4} s (fires at {Upper:G4} s; usual gap {UsualGapSeconds:G4} s)"));
                break;
            default:
                var unit = Measure == "ratePerSecond" ? "/s" : string.Empty;
                text.Append(Inv($"{Name()} on {channel}: {Observed:G6}{unit}"));
                if (Range() is { } range)
                {
                    text.Append(Inv($" vs expected {range}{unit}"));
                }

                text.Append(Inv($" ({Evidence()})"));
                break;
        }

        if (Channels is { Length: > 0 } named)
        {
            text.Append(Inv($"; over threshold: {string.Join(", ", named.Select(channel => Inv($"ch{channel}")))}"));
        }

        if (LargestChannel is { } largest && ChannelErrors is { } errors && largest >= 0 && largest < errors.Length)
        {
            text.Append(Inv($"; moved most: ch{largest} ({errors[largest]:+0.0;-0.0}σ)"));
        }

        return text.ToString();
    }

    private string Name() => Detector switch
    {
        "anomalyLikelihood" => "anomaly",
        "rateOfChange" => "rate of change",
        "range" => "out of range",
        _ => Detector,
    };

    private string? Range() => (Lower, Upper) switch
    {
        ({ } lower, { } upper) => Inv($"{lower:G6}–{upper:G6}"),
        ({ } lower, null) => Inv($"≥ {lower:G6}"),
        (null, { } upper) => Inv($"≤ {upper:G6}"),
        _ => null,
    };

    private string Evidence() => Detector switch
    {
        "anomalyLikelihood" when Basis == "range" => "beyond the range seen",
        "anomalyLikelihood" => ForecastError is { } error && UsualError is { } usual
            ? Inv($"{Basis} likelihood z={StandardScore:F1}, error {error:G3} vs usual {usual:G3}±{ErrorSpread:G2}")
            : Inv($"{Basis} likelihood z={StandardScore:F1}"),
        "range" => Inv($"limit {Limit:G6} crossed"),
        _ => Limit is { } limit
            ? Inv($"limit ±{limit:G6}")
            : Inv($"{Deviations:F1}σ from {Mean:G6}"),
    };

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
