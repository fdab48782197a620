using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace StreamRnn.Kafka;

/// <summary>
/// The wire format of sensor readings on the readings topic.
/// </summary>
/// <remarks>
/// <para><b>Key</b>: the sensor id, UTF-8, 1 to 256 bytes, no control characters.</para>
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
/// key, size, JSON syntax, then the timestamp, then the value, then the channel count.
/// </para>
/// </remarks>
public static class ReadingCodec
{
    /// <summary>Longest sensor id (key) in bytes.</summary>
    public const int MaxKeyBytes = 256;

    /// <summary>Most channels one reading may carry.</summary>
    public const int MaxChannels = 1024;

    private const int MaxTimestampTextBytes = 64;

    /// <summary>Unix epoch milliseconds of the last millisecond of 9999.</summary>
    private static readonly long _maxEpochMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private static readonly SearchValues<char> _controlCharacters = SearchValues.Create(
        Enumerable.Range(0, 0xA0).Where(c => char.IsControl((char)c)).Select(c => (char)c).ToArray());

    private static readonly JsonReaderOptions _readerOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 16,
    };

    /// <summary>Per-thread room for one reading's values; the result gets an exact-size copy.</summary>
    [ThreadStatic]
    private static double[]? _valueScratch;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    /// <summary>
    /// Encodes a reading value: one value as a number, several as an array; the timestamp as an
    /// ISO-8601 round-trip ("O") string that keeps its offset.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty, too long, or holds NaN or an infinity.</exception>
    public static byte[] Serialize(DateTimeOffset timestamp, ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("A reading needs at least one value.", nameof(values));
        }

        if (values.Length > MaxChannels)
        {
            throw new ArgumentException($"A reading has at most {MaxChannels} values.", nameof(values));
        }

        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException("Reading values must be finite.", nameof(values));
            }
        }

        var buffer = _buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = _writer;
        if (writer is null)
        {
            writer = _writer = new Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        // The "O" form is plain ASCII; written raw so that '+' is not escaped as \u002B.
        Span<byte> quoted = stackalloc byte[48];
        quoted[0] = (byte)'"';
        if (!timestamp.TryFormat(quoted[1..^1], out var written, "O", CultureInfo.InvariantCulture))
        {
            throw new ArgumentException("The timestamp could not be formatted.", nameof(timestamp));
        }

        quoted[written + 1] = (byte)'"';
        writer.WriteStartObject();
        writer.WritePropertyName("timestamp"u8);
        writer.WriteRawValue(quoted[..(written + 2)], skipInputValidation: true);
        if (values.Length == 1)
        {
            writer.WriteNumber("value"u8, values[0]);
        }
        else
        {
            writer.WriteStartArray("value"u8);
            foreach (var value in values)
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes and checks one message of the readings topic.</summary>
    /// <param name="key">The message key (the sensor id).</param>
    /// <param name="value">The message value.</param>
    /// <param name="expectedChannels">The sensor's channel count, or 0 to accept any count from 1 to <see cref="MaxChannels"/>.</param>
    /// <param name="maxBytes">Largest accepted value in bytes (<see cref="KafkaOptions.MaxReadingBytes"/>).</param>
    public static ReadingParseResult Parse(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int expectedChannels, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedChannels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedChannels, MaxChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);

        if (key.IsEmpty)
        {
            return ReadingParseResult.Failure(DeadLetterReason.MissingKey, "The message has no key; the key must be the sensor id.");
        }

        if (key.Length > MaxKeyBytes)
        {
            return ReadingParseResult.Failure(DeadLetterReason.InvalidKey, $"The key is {key.Length} bytes; a sensor id is at most {MaxKeyBytes}.");
        }

        if (!Utf8.IsValid(key))
        {
            return ReadingParseResult.Failure(DeadLetterReason.InvalidKey, "The key is not valid UTF-8.");
        }

        var sensorId = Encoding.UTF8.GetString(key);
        if (sensorId.AsSpan().ContainsAny(_controlCharacters))
        {
            return ReadingParseResult.Failure(DeadLetterReason.InvalidKey, "The key contains control characters.");
        }

        if (value.Length > maxBytes)
        {
            return ReadingParseResult.Failure(DeadLetterReason.Oversized, $"The value is {value.Length} bytes; the limit is {maxBytes}.", sensorId);
        }

        if (value.IsEmpty)
        {
            return ReadingParseResult.Failure(DeadLetterReason.InvalidJson, "The value is empty.", sensorId);
        }

        return ParseValue(sensorId, value, expectedChannels);
    }

    private static ReadingParseResult ParseValue(string sensorId, ReadOnlySpan<byte> json, int expectedChannels)
    {
        var values = _valueScratch ??= new double[MaxChannels];
        var reader = new Utf8JsonReader(json, _readerOptions);
        var timestamp = new FieldOutcome<DateTimeOffset>();
        var valueOutcome = new FieldOutcome<int>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ReadingParseResult.Failure(DeadLetterReason.InvalidJson, "The value is not a JSON object.", sensorId);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("timestamp"u8))
                {
                    if (timestamp.Seen)
                    {
                        return ReadingParseResult.Failure(DeadLetterReason.InvalidJson, "The field 'timestamp' appears twice.", sensorId);
                    }

                    reader.Read();
                    timestamp = ReadTimestamp(ref reader);
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    if (valueOutcome.Seen)
                    {
                        return ReadingParseResult.Failure(DeadLetterReason.InvalidJson, "The field 'value' appears twice.", sensorId);
                    }

                    reader.Read();
                    valueOutcome = ReadValues(ref reader, values);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The object is closed; anything but whitespace after it makes the reader throw.
            if (reader.Read())
            {
                return ReadingParseResult.Failure(DeadLetterReason.InvalidJson, "The value has content after the JSON object.", sensorId);
            }
        }
        catch (JsonException exception)
        {
            return ReadingParseResult.Failure(
                DeadLetterReason.InvalidJson,
                $"The value is not valid JSON (near byte {exception.BytePositionInLine ?? reader.BytesConsumed}).",
                sensorId);
        }

        if (!timestamp.Seen || timestamp.Reason == DeadLetterReason.MissingTimestamp)
        {
            return ReadingParseResult.Failure(DeadLetterReason.MissingTimestamp, timestamp.Detail ?? "The field 'timestamp' is missing.", sensorId);
        }

        if (timestamp.Reason != DeadLetterReason.None)
        {
            return ReadingParseResult.Failure(timestamp.Reason, timestamp.Detail!, sensorId);
        }

        if (!valueOutcome.Seen)
        {
            return ReadingParseResult.Failure(DeadLetterReason.MissingValue, "The field 'value' is missing.", sensorId);
        }

        if (valueOutcome.Reason != DeadLetterReason.None)
        {
            return ReadingParseResult.Failure(valueOutcome.Reason, valueOutcome.Detail!, sensorId);
        }

        var count = valueOutcome.Value;
        if (count > MaxChannels || (expectedChannels > 0 && count != expectedChannels))
        {
            return ReadingParseResult.Failure(
                DeadLetterReason.ChannelMismatch,
                expectedChannels > 0
                    ? $"Expected {expectedChannels} channel(s), got {count}."
                    : $"Got {count} channels; at most {MaxChannels} are allowed.",
                sensorId);
        }

        return ReadingParseResult.Success(sensorId, timestamp.Value, values[..count].ToArray());
    }

    private static FieldOutcome<DateTimeOffset> ReadTimestamp(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return ReadTimestampString(ref reader);

            case JsonTokenType.Number:
                long milliseconds;
                if (!reader.TryGetInt64(out milliseconds))
                {
                    if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                    {
                        return FieldOutcome<DateTimeOffset>.Failed(DeadLetterReason.BadTimestamp, "The epoch-milliseconds timestamp is out of range.");
                    }

                    number = Math.Floor(number);
                    if (number < 0 || number > _maxEpochMilliseconds)
                    {
                        return FieldOutcome<DateTimeOffset>.Failed(DeadLetterReason.BadTimestamp, "The epoch-milliseconds timestamp is before 1970 or after 9999.");
                    }

                    milliseconds = (long)number;
                }

                if (milliseconds < 0 || milliseconds > _maxEpochMilliseconds)
                {
                    return FieldOutcome<DateTimeOffset>.Failed(DeadLetterReason.BadTimestamp, "The epoch-milliseconds timestamp is before 1970 or after 9999.");
                }

                return FieldOutcome<DateTimeOffset>.Ok(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));

            case JsonTokenType.Null:
                return FieldOutcome<DateTimeOffset>.Failed(DeadLetterReason.MissingTimestamp, "The field 'timestamp' is null.");

            default:
                reader.Skip();
                return FieldOutcome<DateTimeOffset>.Failed(DeadLetterReason.BadTimestamp, "The timestamp must be an ISO-8601 string or epoch milliseconds.");
        }
    }

    private static FieldOutcome<DateTimeOffset> ReadTimestampString(ref Utf8JsonReader reader)
    {
        // Escaped text is never shorter than its unescaped form, and no valid timestamp is long.
        Span<byte> scratch = stackalloc byte[MaxTimestampTextBytes];
        ReadOnlySpan<byte> text = scratch[..0];
        if (!reader.ValueIsEscaped)
        {
            text = reader.ValueSpan;
        }
        else if (reader.ValueSpan.Length <= scratch.Length)
        {
            text = scratch[..reader.CopyString(scratch)];
        }

        if (text.IsEmpty || text.Length > MaxTimestampTextBytes)
        {
            return FieldOutcome<DateTimeOffset>.Failed(DeadLetterReason.BadTimestamp, "The timestamp string is not an ISO-8601 date and time.");
        }

        if (!HasUtcOffset(text))
        {
            return FieldOutcome<DateTimeOffset>.Failed(DeadLetterReason.BadTimestamp, "The timestamp string has no UTC offset (end it with Z or +hh:mm).");
        }

        if (!reader.TryGetDateTimeOffset(out var timestamp))
        {
            return FieldOutcome<DateTimeOffset>.Failed(DeadLetterReason.BadTimestamp, "The timestamp string is not an ISO-8601 date and time.");
        }

        if (timestamp < DateTimeOffset.UnixEpoch)
        {
            return FieldOutcome<DateTimeOffset>.Failed(DeadLetterReason.BadTimestamp, "The timestamp is before 1970-01-01T00:00:00Z.");
        }

        return FieldOutcome<DateTimeOffset>.Ok(timestamp);
    }

    /// <summary>An ISO-8601 date-time has an offset when its time part ends in Z or carries a sign.</summary>
    private static bool HasUtcOffset(ReadOnlySpan<byte> text)
    {
        var t = text.IndexOfAny((byte)'T', (byte)'t');
        if (t < 0)
        {
            return false;
        }

        var time = text[(t + 1)..];
        return time.Length > 0 && (time[^1] is (byte)'Z' or (byte)'z' || time.IndexOfAny((byte)'+', (byte)'-') >= 0);
    }

    private static FieldOutcome<int> ReadValues(ref Utf8JsonReader reader, Span<double> values)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
            case JsonTokenType.String:
                var single = ReadNumber(ref reader, out var number);
                if (single != DeadLetterReason.None)
                {
                    return FieldOutcome<int>.Failed(single, DescribeValueProblem(single, element: false));
                }

                values[0] = number;
                return FieldOutcome<int>.Ok(1);

            case JsonTokenType.StartArray:
                var count = 0;
                var problem = DeadLetterReason.None;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var element = ReadNumber(ref reader, out number);
                    if (element == DeadLetterReason.None)
                    {
                        if (count < values.Length)
                        {
                            values[count] = number;
                        }
                    }
                    else if (problem != DeadLetterReason.NonNumeric)
                    {
                        // Not a number at all outranks NaN/infinity, whatever the element order.
                        problem = element;
                    }

                    count++;
                }

                if (problem != DeadLetterReason.None)
                {
                    return FieldOutcome<int>.Failed(problem, DescribeValueProblem(problem, element: true));
                }

                return count == 0
                    ? FieldOutcome<int>.Failed(DeadLetterReason.MissingValue, "The field 'value' is an empty array.")
                    : FieldOutcome<int>.Ok(count);

            case JsonTokenType.Null:
                return FieldOutcome<int>.Failed(DeadLetterReason.MissingValue, "The field 'value' is null.");

            default:
                reader.Skip();
                return FieldOutcome<int>.Failed(DeadLetterReason.NonNumeric, "The field 'value' must be a number or an array of numbers.");
        }
    }

    /// <summary>Reads one number; strings, literals and containers are not numbers.</summary>
    private static DeadLetterReason ReadNumber(ref Utf8JsonReader reader, out double number)
    {
        number = 0;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                // The reader has checked the syntax, so a number that does not fit is out of range.
                if (!reader.TryGetDouble(out number) || !double.IsFinite(number))
                {
                    return DeadLetterReason.NonFinite;
                }

                return DeadLetterReason.None;

            case JsonTokenType.String:
                return IsNonFiniteLiteral(ref reader) ? DeadLetterReason.NonFinite : DeadLetterReason.NonNumeric;

            default:
                reader.Skip();
                return DeadLetterReason.NonNumeric;
        }
    }

    private static bool IsNonFiniteLiteral(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > 9)
        {
            return false;
        }

        var text = reader.ValueSpan;
        if (text.Length > 0 && text[0] is (byte)'+' or (byte)'-')
        {
            text = text[1..];
        }

        return Ascii.EqualsIgnoreCase(text, "NaN"u8)
            || Ascii.EqualsIgnoreCase(text, "Infinity"u8)
            || Ascii.EqualsIgnoreCase(text, "Inf"u8);
    }

    private static string DescribeValueProblem(DeadLetterReason reason, bool element) => (reason, element) switch
    {
        (DeadLetterReason.NonFinite, false) => "The value is NaN or infinite, or beyond the range of a double.",
        (DeadLetterReason.NonFinite, true) => "An element of 'value' is NaN or infinite, or beyond the range of a double.",
        (_, false) => "The field 'value' must be a number or an array of numbers.",
        _ => "Every element of 'value' must be a number.",
    };

    /// <summary>What was read for one field: nothing yet, a value, or a reason to dead-letter.</summary>
    private readonly struct FieldOutcome<T>
    {
        private FieldOutcome(T value, DeadLetterReason reason, string? detail)
        {
            Seen = true;
            Value = value;
            Reason = reason;
            Detail = detail;
        }

        public bool Seen { get; }

        public T Value { get; }

        public DeadLetterReason Reason { get; }

        public string? Detail { get; }

        public static FieldOutcome<T> Ok(T value) => new(value, DeadLetterReason.None, null);

        public static FieldOutcome<T> Failed(DeadLetterReason reason, string detail) => new(default!, reason, detail);
    }
}
