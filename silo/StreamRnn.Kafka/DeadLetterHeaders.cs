using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace StreamRnn.Kafka;

/// <summary>
/// Headers of a message on the dead-letter topic. A dead-lettered message keeps the original key
/// and value bytes unchanged; these headers (UTF-8 text) say why and where it came from:
/// <list type="table">
/// <item><term><c>streamrnn-dlq-reason</c></term><description>the <see cref="DeadLetterReason"/> code, e.g. <c>channel-mismatch</c></description></item>
/// <item><term><c>streamrnn-dlq-detail</c></term><description>a short explanation, at most 256 characters, never the payload</description></item>
/// <item><term><c>streamrnn-source-topic</c></term><description>the original topic</description></item>
/// <item><term><c>streamrnn-source-partition</c></term><description>the original partition, decimal</description></item>
/// <item><term><c>streamrnn-source-offset</c></term><description>the original offset, decimal</description></item>
/// <item><term><c>streamrnn-dlq-original-key-bytes</c>, <c>streamrnn-dlq-original-value-bytes</c></term><description>only
/// when the key or value was cut to <see cref="MaxKeyBytes"/> or <see cref="MaxValueBytes"/>: its original length, decimal</description></item>
/// </list>
/// A dead letter must always fit where the original did not (a reading of several MB is <c>oversized</c>), so its key and
/// value are cut to their first <see cref="MaxKeyBytes"/> and <see cref="MaxValueBytes"/> bytes (<see cref="Bound"/>).
/// </summary>
public static class DeadLetterHeaders
{
    /// <summary>Header with the <see cref="DeadLetterReason"/> code.</summary>
    public const string Reason = "streamrnn-dlq-reason";

    /// <summary>Header with the short explanation.</summary>
    public const string Detail = "streamrnn-dlq-detail";

    /// <summary>Header with the original topic.</summary>
    public const string SourceTopic = "streamrnn-source-topic";

    /// <summary>Header with the original partition (decimal).</summary>
    public const string SourcePartition = "streamrnn-source-partition";

    /// <summary>Header with the original offset (decimal).</summary>
    public const string SourceOffset = "streamrnn-source-offset";

    /// <summary>Header with the original key length, when the key was cut.</summary>
    public const string OriginalKeyBytes = "streamrnn-dlq-original-key-bytes";

    /// <summary>Header with the original value length, when the value was cut.</summary>
    public const string OriginalValueBytes = "streamrnn-dlq-original-value-bytes";

    /// <summary>A dead letter keeps at most this many bytes of the original key.</summary>
    public const int MaxKeyBytes = 1_024;

    /// <summary>A dead letter keeps at most this many bytes of the original value: far below any broker's message limit.</summary>
    public const int MaxValueBytes = 65_536;

    /// <summary>Longer details are cut to this many characters.</summary>
    public const int MaxDetailLength = 256;

    /// <summary>The headers for a message dead-lettered for <paramref name="reason"/> from <paramref name="source"/>.</summary>
    public static Headers Create(DeadLetterReason reason, string detail, TopicPartitionOffset source)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(source);
        if (reason == DeadLetterReason.None)
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "A dead-lettered message needs a reason.");
        }

        if (detail.Length > MaxDetailLength)
        {
            detail = detail[..MaxDetailLength];
        }

        return new Headers
        {
            { Reason, Encoding.UTF8.GetBytes(reason.ToCode()) },
            { Detail, Encoding.UTF8.GetBytes(detail) },
            { SourceTopic, Encoding.UTF8.GetBytes(source.Topic) },
            { SourcePartition, Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)) },
            { SourceOffset, Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)) },
        };
    }

    /// <summary>
    /// The key and value a dead letter carries: the originals, or their first <see cref="MaxKeyBytes"/> and
    /// <see cref="MaxValueBytes"/> bytes with the original lengths added to <paramref name="headers"/>.
    /// </summary>
    public static (byte[]? Key, byte[]? Value) Bound(byte[]? key, byte[]? value, Headers headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return (Cut(key, MaxKeyBytes, OriginalKeyBytes, headers), Cut(value, MaxValueBytes, OriginalValueBytes, headers));
    }

    private static byte[]? Cut(byte[]? bytes, int limit, string header, Headers headers)
    {
        if (bytes is null || bytes.Length <= limit)
        {
            return bytes;
        }

        headers.Add(header, Encoding.UTF8.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture)));
        return bytes[..limit];
    }

    /// <summary>Reads the dead-letter headers; false when any is missing or malformed.</summary>
    public static bool TryParse(Headers? headers, [NotNullWhen(true)] out DeadLetterInfo? info)
    {
        info = null;
        if (headers is null
            || !TryGetString(headers, Reason, out var code)
            || !DeadLetterReasonExtensions.TryParseCode(code, out var reason)
            || reason == DeadLetterReason.None
            || !TryGetString(headers, Detail, out var detail)
            || !TryGetString(headers, SourceTopic, out var topic)
            || !TryGetString(headers, SourcePartition, out var partitionText)
            || !int.TryParse(partitionText, NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || !TryGetString(headers, SourceOffset, out var offsetText)
            || !long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return false;
        }

        info = new DeadLetterInfo(reason, detail, new TopicPartitionOffset(topic, new Partition(partition), new Offset(offset)));
        return true;
    }

    private static bool TryGetString(Headers headers, string name, [NotNullWhen(true)] out string? value)
    {
        if (headers.TryGetLastBytes(name, out var bytes) && bytes is not null)
        {
            value = Encoding.UTF8.GetString(bytes);
            return true;
        }

        value = null;
        return false;
    }
}
