using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace StreamRnn.Kafka;

/// <summary>
/// The key of a readings message: the sensor id, UTF-8, 1 to <see cref="ReadingCodec.MaxKeyBytes"/> bytes, in Unicode
/// normalisation form C, with no control or format characters (bidirectional controls, zero-width characters) and no
/// white space at either end. Ids are never rewritten: two ids that look alike (<c>pump1</c> and <c>pump&#x200B;1</c>,
/// or <c>é</c> composed and decomposed) would otherwise be two sensors, or one sensor fed from two partitions.
/// </summary>
internal static class SensorKey
{
    private static readonly SearchValues<char> _controlCharacters = SearchValues.Create(
        Enumerable.Range(0, 0xA0).Where(c => char.IsControl((char)c)).Select(c => (char)c).ToArray());

    /// <summary>Decodes a key into a sensor id, or says why it is not one.</summary>
    /// <param name="key">The message key.</param>
    /// <param name="failure">Why the key is not a sensor id, when it is not.</param>
    /// <param name="knownIds">Ids already checked: a key among them is not checked again, and a new valid one joins them.</param>
    /// <returns>The sensor id, or null with <paramref name="failure"/> set.</returns>
    public static string? Decode(ReadOnlySpan<byte> key, out ReadingParseResult failure, SensorIdCache? knownIds = null)
    {
        failure = default;
        if (key.IsEmpty)
        {
            failure = ReadingParseResult.Failure(DeadLetterReason.MissingKey, "The message has no key; the key must be the sensor id.");
            return null;
        }

        if (key.Length > ReadingCodec.MaxKeyBytes)
        {
            failure = ReadingParseResult.Failure(DeadLetterReason.InvalidKey, $"The key is {key.Length} bytes; a sensor id is at most {ReadingCodec.MaxKeyBytes}.");
            return null;
        }

        if (!Utf8.IsValid(key))
        {
            failure = ReadingParseResult.Failure(DeadLetterReason.InvalidKey, "The key is not valid UTF-8.");
            return null;
        }

        if (knownIds?.Find(key) is { } known)
        {
            return known;
        }

        var sensorId = Encoding.UTF8.GetString(key);
        if (sensorId.AsSpan().ContainsAny(_controlCharacters))
        {
            failure = ReadingParseResult.Failure(DeadLetterReason.InvalidKey, "The key contains control characters.");
            return null;
        }

        if (ContainsFormatCharacter(sensorId))
        {
            failure = ReadingParseResult.Failure(DeadLetterReason.InvalidKey, "The key contains format characters (bidirectional controls or zero-width characters).");
            return null;
        }

        if (char.IsWhiteSpace(sensorId[0]) || char.IsWhiteSpace(sensorId[^1]))
        {
            failure = ReadingParseResult.Failure(DeadLetterReason.InvalidKey, "The key starts or ends with white space.");
            return null;
        }

        if (!sensorId.IsNormalized(NormalizationForm.FormC))
        {
            failure = ReadingParseResult.Failure(DeadLetterReason.InvalidKey, "The key is not in Unicode normalisation form C.");
            return null;
        }

        knownIds?.Remember(sensorId);
        return sensorId;
    }

    private static bool ContainsFormatCharacter(string sensorId)
    {
        foreach (var rune in sensorId.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }
}
