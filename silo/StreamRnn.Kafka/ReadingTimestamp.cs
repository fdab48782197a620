using System.Text.Json;

namespace StreamRnn.Kafka;

/// <summary>
/// The <c>timestamp</c> field of a reading: an ISO-8601 string with a UTC offset, or Unix epoch milliseconds
/// (fractions dropped), from 1970-01-01T00:00Z to the end of 9999.
/// </summary>
internal static class ReadingTimestamp
{
    private const int MaxTimestampTextBytes = 64;

    /// <summary>Unix epoch milliseconds of the last millisecond of 9999.</summary>
    private static readonly long _maxEpochMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Reads the field's value token (the reader stands on it).</summary>
    public static FieldOutcome<DateTimeOffset> Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return ReadString(ref reader);

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

    private static FieldOutcome<DateTimeOffset> ReadString(ref Utf8JsonReader reader)
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
    public static bool HasUtcOffset(ReadOnlySpan<byte> text)
    {
        var t = text.IndexOfAny((byte)'T', (byte)'t');
        if (t < 0)
        {
            return false;
        }

        var time = text[(t + 1)..];
        return time.Length > 0 && (time[^1] is (byte)'Z' or (byte)'z' || time.IndexOfAny((byte)'+', (byte)'-') >= 0);
    }
}
