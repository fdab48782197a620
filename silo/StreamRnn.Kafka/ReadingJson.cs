using System.Text.Json;

namespace StreamRnn.Kafka;

/// <summary>
/// Reads the JSON object of a reading's value: walks its fields (case-sensitive names, any order, others
/// skipped, <c>timestamp</c> and <c>value</c> at most once each), then judges the timestamp, the value and
/// the channel count in that order.
/// </summary>
internal static class ReadingJson
{
    private static readonly JsonReaderOptions _readerOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 16,
    };

    /// <summary>Per-thread room for one reading's values; the result gets an exact-size copy.</summary>
    [ThreadStatic]
    private static double[]? _valueScratch;

    /// <summary>Parses a non-empty value of a message whose key gave <paramref name="sensorId"/>.</summary>
    public static ReadingParseResult Parse(string sensorId, ReadOnlySpan<byte> json, int expectedChannels)
    {
        var values = _valueScratch ??= new double[ReadingCodec.MaxChannels];
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
                    timestamp = ReadingTimestamp.Read(ref reader);
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    if (valueOutcome.Seen)
                    {
                        return ReadingParseResult.Failure(DeadLetterReason.InvalidJson, "The field 'value' appears twice.", sensorId);
                    }

                    reader.Read();
                    valueOutcome = ReadingValues.Read(ref reader, values);
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
        if (count > ReadingCodec.MaxChannels || (expectedChannels > 0 && count != expectedChannels))
        {
            return ReadingParseResult.Failure(
                DeadLetterReason.ChannelMismatch,
                expectedChannels > 0
                    ? $"Expected {expectedChannels} channel(s), got {count}."
                    : $"Got {count} channels; at most {ReadingCodec.MaxChannels} are allowed.",
                sensorId);
        }

        return ReadingParseResult.Success(sensorId, timestamp.Value, values.AsSpan(0, count).ToArray());
    }
}
