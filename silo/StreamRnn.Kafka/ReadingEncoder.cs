using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace StreamRnn.Kafka;

/// <summary>Writes readings in the wire format of <see cref="ReadingCodec"/>, reusing a per-thread buffer and writer.</summary>
internal static class ReadingEncoder
{
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

        if (values.Length > ReadingCodec.MaxChannels)
        {
            throw new ArgumentException($"A reading has at most {ReadingCodec.MaxChannels} values.", nameof(values));
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
}
