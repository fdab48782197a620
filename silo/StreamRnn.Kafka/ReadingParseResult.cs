using System.Diagnostics.CodeAnalysis;

namespace StreamRnn.Kafka;

/// <summary>
/// The outcome of <see cref="ReadingCodec.Parse"/>: a reading, or why it must be dead-lettered.
/// </summary>
[SuppressMessage("Performance", "CA1815:Override equals and operator equals on value types", Justification = "A parse outcome; never compared.")]
public readonly struct ReadingParseResult
{
    private ReadingParseResult(string? sensorId, DateTimeOffset timestamp, double[] values, DeadLetterReason reason, string detail)
    {
        SensorId = sensorId;
        Timestamp = timestamp;
        Values = values;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>True when the message is a usable reading (<see cref="Reason"/> is <see cref="DeadLetterReason.None"/>).</summary>
    [MemberNotNullWhen(true, nameof(SensorId))]
    public bool IsValid => Reason == DeadLetterReason.None && SensorId is not null;

    /// <summary>The sensor id from the key; also set on failures whose key was valid.</summary>
    public string? SensorId { get; }

    /// <summary>When the reading was taken (as sent: the offset is kept).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>One value per channel (one element for a single-channel sensor); empty on failure.</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Hot path: the parsed array is handed over without a copy.")]
    public double[] Values { get; }

    /// <summary>Why the message must be dead-lettered; <see cref="DeadLetterReason.None"/> when valid.</summary>
    public DeadLetterReason Reason { get; }

    /// <summary>A short human explanation of <see cref="Reason"/> (never the payload); empty when valid.</summary>
    public string Detail { get; }

    internal static ReadingParseResult Success(string sensorId, DateTimeOffset timestamp, double[] values) =>
        new(sensorId, timestamp, values, DeadLetterReason.None, string.Empty);

    internal static ReadingParseResult Failure(DeadLetterReason reason, string detail, string? sensorId = null) =>
        new(sensorId, default, [], reason, detail);

    /// <inheritdoc />
    public override string ToString() =>
        IsValid ? $"{SensorId} @ {Timestamp:O}: {Values.Length} value(s)" : $"{Reason.ToCode()}: {Detail}";
}
