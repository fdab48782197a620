namespace StreamRnn.Kafka;

/// <summary>
/// The wire format of sensor readings on the readings topic.
/// </summary>
/// <remarks>
/// <para><b>Key</b>: the sensor id, UTF-8, 1 to 256 bytes, NFC, no control or format characters, no white space at either end.</para>
/// <para>
/// <b>Value</b>: a UTF-8 JSON object
/// <c>{"timestamp": &lt;time&gt;, "value": &lt;number&gt; | [&lt;number&gt;, ...]}</c>, for example
/// <c>{"timestamp":"2025-01-31T12:00:00.0000000+00:00","value":21.5}</c> or
/// <c>{"timestamp":1738324800000,"value":[0.1,0.2,0.3]}</c>.
/// </para>
/// <list type="bullet">
/// <item><c>timestamp</c>: an ISO-8601 string with a UTC offset (<c>Z</c> or <c>±hh:mm</c>), or Unix epoch
/// milliseconds as a JSON number (fractions of a millisecond are dropped). From 1970-01-01T00:00Z to the end of 9999.</item>
/// <item><c>value</c>: a finite JSON number, or for a multichannel sensor an array of them, one per channel.
/// NaN and infinities (as strings such as <c>"NaN"</c>, or numbers beyond the range of a double) are rejected.</item>
/// <item>Field names are case-sensitive; field order and whitespace do not matter; other fields are ignored;
/// a repeated <c>timestamp</c> or <c>value</c> field is an error.</item>
/// </list>
/// <para>
/// A message that breaks these rules is dead-lettered; <see cref="Parse"/> says why, checking in this order:
/// key, size, JSON syntax, then the timestamp, then the value, then the channel count, then whether the timestamp is
/// in the future. A sensor then refuses a reading not later than its last one (out of order or a duplicate timestamp).
/// </para>
/// </remarks>
public static class ReadingCodec
{
    /// <summary>Longest sensor id (key) in bytes.</summary>
    public const int MaxKeyBytes = 256;

    /// <summary>Most channels one reading may carry.</summary>
    public const int MaxChannels = 1024;

    /// <summary>
    /// Encodes a reading value: one value as a number, several as an array; the timestamp as an
    /// ISO-8601 round-trip ("O") string that keeps its offset.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty, too long, or holds NaN or an infinity.</exception>
    public static byte[] Serialize(DateTimeOffset timestamp, ReadOnlySpan<double> values) => ReadingEncoder.Serialize(timestamp, values);

    /// <summary>Decodes and checks one message of the readings topic.</summary>
    /// <param name="key">The message key (the sensor id).</param>
    /// <param name="value">The message value.</param>
    /// <param name="expectedChannels">The sensor's channel count, or 0 to accept any count from 1 to <see cref="MaxChannels"/>.</param>
    /// <param name="maxBytes">Largest accepted value in bytes (<see cref="KafkaOptions.MaxReadingBytes"/>).</param>
    /// <param name="latestTimestamp">The latest timestamp accepted (the silo's clock plus the allowed skew); null: any.</param>
    /// <param name="knownIds">
    /// Sensor ids already checked, kept by a consumer across messages: a key among them gives back the same string
    /// without its checks again; null checks every key afresh.
    /// </param>
    public static ReadingParseResult Parse(
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int expectedChannels, int maxBytes, DateTimeOffset? latestTimestamp = null, SensorIdCache? knownIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedChannels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedChannels, MaxChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);

        if (SensorKey.Decode(key, out var keyFailure, knownIds) is not { } sensorId)
        {
            return keyFailure;
        }

        if (value.Length > maxBytes)
        {
            return ReadingParseResult.Failure(DeadLetterReason.Oversized, $"The value is {value.Length} bytes; the limit is {maxBytes}.", sensorId);
        }

        if (value.IsEmpty)
        {
            return ReadingParseResult.Failure(DeadLetterReason.InvalidJson, "The value is empty.", sensorId);
        }

        var parsed = ReadingJson.Parse(sensorId, value, expectedChannels);
        if (parsed.IsValid && parsed.Timestamp > latestTimestamp)
        {
            return ReadingParseResult.Failure(
                DeadLetterReason.FutureTimestamp,
                $"The timestamp {parsed.Timestamp:O} is later than the latest accepted, {latestTimestamp:O} (the silo's clock plus Ingest:MaxFutureSkew).",
                sensorId);
        }

        return parsed;
    }
}
