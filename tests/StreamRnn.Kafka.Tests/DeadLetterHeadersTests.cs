using System.Text;
using Confluent.Kafka;

namespace StreamRnn.Kafka.Tests;

public sealed class DeadLetterHeadersTests
{
    [Fact]
    public void Create_ThenTryParse_RoundTrips()
    {
        var source = new TopicPartitionOffset("sensor-readings", new Partition(5), new Offset(123_456_789_012));

        var headers = DeadLetterHeaders.Create(DeadLetterReason.ChannelMismatch, "Expected 3 channel(s), got 2.", source);

        Assert.Equal("channel-mismatch", Encoding.UTF8.GetString(headers.GetLastBytes(DeadLetterHeaders.Reason)));
        Assert.Equal("5", Encoding.UTF8.GetString(headers.GetLastBytes(DeadLetterHeaders.SourcePartition)));
        Assert.Equal("123456789012", Encoding.UTF8.GetString(headers.GetLastBytes(DeadLetterHeaders.SourceOffset)));
        Assert.True(DeadLetterHeaders.TryParse(headers, out var info));
        Assert.Equal(new DeadLetterInfo(DeadLetterReason.ChannelMismatch, "Expected 3 channel(s), got 2.", source), info);
    }

    [Fact]
    public void Create_LongDetail_IsCut()
    {
        var headers = DeadLetterHeaders.Create(DeadLetterReason.InvalidJson, new string('x', 1000), new TopicPartitionOffset("t", 0, 0));

        Assert.Equal(DeadLetterHeaders.MaxDetailLength, headers.GetLastBytes(DeadLetterHeaders.Detail).Length);
    }

    [Fact]
    public void Create_NoReason_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DeadLetterHeaders.Create(DeadLetterReason.None, "", new TopicPartitionOffset("t", 0, 0)));
    }

    [Fact]
    public void TryParse_MissingOrMalformedHeaders_ReturnsFalse()
    {
        var headers = DeadLetterHeaders.Create(DeadLetterReason.NonFinite, "d", new TopicPartitionOffset("t", 0, 0));
        headers.Remove(DeadLetterHeaders.SourceOffset);
        var unknown = DeadLetterHeaders.Create(DeadLetterReason.NonFinite, "d", new TopicPartitionOffset("t", 0, 0));
        unknown.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes("exploded"));

        Assert.False(DeadLetterHeaders.TryParse(headers, out _));
        Assert.False(DeadLetterHeaders.TryParse(unknown, out _));
        Assert.False(DeadLetterHeaders.TryParse(null, out _));
        Assert.False(DeadLetterHeaders.TryParse([], out _));
    }

    [Fact]
    public void ToCode_EveryReason_IsStableKebabCaseAndParsesBack()
    {
        var codes = Enum.GetValues<DeadLetterReason>().ToDictionary(reason => reason, reason => reason.ToCode());

        Assert.Equal("missing-key", codes[DeadLetterReason.MissingKey]);
        Assert.Equal("invalid-key", codes[DeadLetterReason.InvalidKey]);
        Assert.Equal("oversized", codes[DeadLetterReason.Oversized]);
        Assert.Equal("invalid-json", codes[DeadLetterReason.InvalidJson]);
        Assert.Equal("missing-timestamp", codes[DeadLetterReason.MissingTimestamp]);
        Assert.Equal("bad-timestamp", codes[DeadLetterReason.BadTimestamp]);
        Assert.Equal("missing-value", codes[DeadLetterReason.MissingValue]);
        Assert.Equal("non-numeric", codes[DeadLetterReason.NonNumeric]);
        Assert.Equal("non-finite", codes[DeadLetterReason.NonFinite]);
        Assert.Equal("channel-mismatch", codes[DeadLetterReason.ChannelMismatch]);
        Assert.Equal("processing-failed", codes[DeadLetterReason.ProcessingFailed]);
        Assert.Equal("future-timestamp", codes[DeadLetterReason.FutureTimestamp]);
        Assert.Equal("out-of-order", codes[DeadLetterReason.OutOfOrder]);
        Assert.Equal("duplicate-timestamp", codes[DeadLetterReason.DuplicateTimestamp]);
        Assert.All(codes, pair =>
        {
            Assert.True(DeadLetterReasonExtensions.TryParseCode(pair.Value, out var parsed));
            Assert.Equal(pair.Key, parsed);
        });
    }

    [Fact]
    public void Bound_LargeKeyAndValue_CutWithTheirOriginalLengths()
    {
        var headers = new Headers();
        var key = new byte[DeadLetterHeaders.MaxKeyBytes + 1];
        var value = new byte[5_000_000];
        value[1] = 7;

        var (boundKey, boundValue) = DeadLetterHeaders.Bound(key, value, headers);

        Assert.Equal(DeadLetterHeaders.MaxKeyBytes, boundKey!.Length);
        Assert.Equal(DeadLetterHeaders.MaxValueBytes, boundValue!.Length);
        Assert.Equal(7, boundValue[1]);
        Assert.Equal("1025", Encoding.UTF8.GetString(headers.GetLastBytes(DeadLetterHeaders.OriginalKeyBytes)));
        Assert.Equal("5000000", Encoding.UTF8.GetString(headers.GetLastBytes(DeadLetterHeaders.OriginalValueBytes)));
    }

    [Fact]
    public void Bound_KeyAndValueWithinLimits_KeptAsTheyAre()
    {
        var headers = new Headers();
        var key = new byte[DeadLetterHeaders.MaxKeyBytes];
        var value = new byte[DeadLetterHeaders.MaxValueBytes];

        var (boundKey, boundValue) = DeadLetterHeaders.Bound(key, value, headers);

        Assert.Same(key, boundKey);
        Assert.Same(value, boundValue);
        Assert.Empty(headers);
        Assert.Equal((null, null), DeadLetterHeaders.Bound(null, null, headers));
    }
}
