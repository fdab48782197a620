using System.Text;

namespace StreamRnn.Kafka.Tests;

public sealed class SensorIdCacheTests
{
    private const int MaxBytes = 4096;
    private static readonly byte[] _value = """{"timestamp":0,"value":1}"""u8.ToArray();

    [Fact]
    public void Parse_KnownKey_ReturnsTheSameIdWithoutANewString()
    {
        var cache = new SensorIdCache();
        var key = Encoding.UTF8.GetBytes("pompe-é-17");
        var first = ReadingCodec.Parse(key, _value, 1, MaxBytes, knownIds: cache);
        ReadingCodec.Parse(key, _value, 1, MaxBytes, knownIds: cache); // warm up the lookup path

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var id = SensorKey.Decode(key, out _, cache);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal("pompe-é-17", first.SensorId);
        Assert.Same(first.SensorId, id);
        Assert.Equal(0, allocated);
        Assert.Equal(1, cache.Count);
    }

    [Theory]
    [MemberData(nameof(ReadingCodecTests.InvalidKeys), MemberType = typeof(ReadingCodecTests))]
    public void Parse_InvalidKeyWithACache_IsStillRefusedAndNotKept(byte[] key)
    {
        var cache = new SensorIdCache();

        var first = ReadingCodec.Parse(key, _value, 1, MaxBytes, knownIds: cache);
        var again = ReadingCodec.Parse(key, _value, 1, MaxBytes, knownIds: cache);

        Assert.Equal(DeadLetterReason.InvalidKey, first.Reason);
        Assert.Equal(DeadLetterReason.InvalidKey, again.Reason);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Parse_InvalidUtf8ThatDecodesLikeAKnownId_IsRefused()
    {
        // Invalid bytes decode to U+FFFD, a valid character of its own: the id "pump\uFFFD" must not answer for them.
        var cache = new SensorIdCache();
        Assert.True(ReadingCodec.Parse(Encoding.UTF8.GetBytes("pump\uFFFD"), _value, 1, MaxBytes, knownIds: cache).IsValid);

        var result = ReadingCodec.Parse([.. "pump"u8, 0xC3], _value, 1, MaxBytes, knownIds: cache);

        Assert.Equal(DeadLetterReason.InvalidKey, result.Reason);
    }

    [Fact]
    public void Parse_MoreIdsThanTheCapacity_StartsAfreshAndKeepsDecodingCorrectly()
    {
        var cache = new SensorIdCache(capacity: 3);

        var ids = Enumerable.Range(0, 7)
            .Select(i => ReadingCodec.Parse(Encoding.UTF8.GetBytes($"sensor-{i}"), _value, 1, MaxBytes, knownIds: cache).SensorId)
            .ToArray();

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"sensor-{i}"), ids);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Constructor_NoCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SensorIdCache(capacity: 0));
    }
}
