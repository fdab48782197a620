using System.Text;

namespace StreamRnn.Kafka.Tests;

public sealed class ReadingCodecTests
{
    private const int MaxBytes = 4096;
    private static readonly byte[] _key = "pump-17"u8.ToArray();

    [Fact]
    public void Serialize_SingleValue_WritesNumberAndRoundTrips()
    {
        var timestamp = new DateTimeOffset(2025, 1, 31, 12, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567);

        var bytes = ReadingCodec.Serialize(timestamp, [21.5]);
        var result = ReadingCodec.Parse(_key, bytes, expectedChannels: 1, MaxBytes);

        Assert.Equal("""{"timestamp":"2025-01-31T12:00:00.1234567+02:00","value":21.5}""", Encoding.UTF8.GetString(bytes));
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal("pump-17", result.SensorId);
        Assert.Equal(timestamp, result.Timestamp);
        Assert.Equal(timestamp.Offset, result.Timestamp.Offset);
        Assert.Equal([21.5], result.Values);
        Assert.Equal(DeadLetterReason.None, result.Reason);
        Assert.Empty(result.Detail);
    }

    [Fact]
    public void Serialize_SeveralValues_WritesArrayAndRoundTrips()
    {
        var timestamp = DateTimeOffset.UnixEpoch.AddDays(20_000);
        double[] values = [0.1, -2.5e-12, 1e300, 42];

        var bytes = ReadingCodec.Serialize(timestamp, values);
        var result = ReadingCodec.Parse(_key, bytes, expectedChannels: 4, MaxBytes);

        Assert.Contains("\"value\":[", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(timestamp, result.Timestamp);
        Assert.Equal(values, result.Values);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Serialize_NonFiniteValue_Throws(double value)
    {
        Assert.Throws<ArgumentException>(() => ReadingCodec.Serialize(DateTimeOffset.UtcNow, [1, value]));
    }

    [Fact]
    public void Serialize_NoValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => ReadingCodec.Serialize(DateTimeOffset.UtcNow, []));
    }

    [Theory]
    [InlineData("""{"timestamp":1738324800000,"value":1}""", 1738324800000L)]
    [InlineData("""{"timestamp":0,"value":1}""", 0L)]
    [InlineData("""{"timestamp":1.7383248e12,"value":1}""", 1738324800000L)]
    [InlineData("""{"timestamp":1738324800000.9,"value":1}""", 1738324800000L)]
    [InlineData("""{"timestamp":253402300799999,"value":1}""", 253402300799999L)]
    public void Parse_EpochMilliseconds_IsUtcTime(string json, long expectedMilliseconds)
    {
        var result = Parse(json);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedMilliseconds), result.Timestamp);
        Assert.Equal(TimeSpan.Zero, result.Timestamp.Offset);
    }

    [Theory]
    [InlineData("""{"timestamp":"2025-01-31T12:00:00Z","value":7}""")]
    [InlineData("""{"value":7,"timestamp":"2025-01-31T12:00:00Z"}""")]
    [InlineData(" \r\n\t{ \"value\" :\n 7 ,\t\"timestamp\" : \"2025-01-31T12:00:00Z\" }\n ")]
    [InlineData("""{"sensorType":"pump","timestamp":"2025-01-31T13:00:00+01:00","meta":{"a":[1,{"b":null}]},"value":7,"unit":"bar"}""")]
    [InlineData("""{"timestamp":"2025-01-31T12:00:00\u005A","value":7}""")]
    public void Parse_FieldOrderWhitespaceExtraFields_DoNotMatter(string json)
    {
        var result = Parse(json);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero), result.Timestamp);
        Assert.Equal([7.0], result.Values);
    }

    [Fact]
    public void Parse_AnyChannelCount_AcceptsArrays()
    {
        var result = ReadingCodec.Parse(_key, """{"timestamp":0,"value":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]}"""u8, expectedChannels: 0, MaxBytes);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (double)i), result.Values);
    }

    [Fact]
    public void Parse_ValidKeyButBadValue_KeepsSensorId()
    {
        var result = Parse("""{"timestamp":0}""");

        Assert.False(result.IsValid);
        Assert.Equal("pump-17", result.SensorId);
        Assert.Empty(result.Values);
    }

    public static TheoryData<string, DeadLetterReason> InvalidValues() => new()
    {
        { "", DeadLetterReason.InvalidJson },
        { "not json", DeadLetterReason.InvalidJson },
        { """{"timestamp":0,"value":1""", DeadLetterReason.InvalidJson },
        { """{"timestamp":0,"value":1} trailing""", DeadLetterReason.InvalidJson },
        { """{"timestamp":0,"value":1,}""", DeadLetterReason.InvalidJson },
        { """[{"timestamp":0,"value":1}]""", DeadLetterReason.InvalidJson },
        { "42", DeadLetterReason.InvalidJson },
        { """{"timestamp":0,"timestamp":1,"value":1}""", DeadLetterReason.InvalidJson },
        { """{"timestamp":0,"value":1,"value":2}""", DeadLetterReason.InvalidJson },
        { """{"value":1}""", DeadLetterReason.MissingTimestamp },
        { """{"Timestamp":0,"value":1}""", DeadLetterReason.MissingTimestamp },
        { """{"timestamp":null,"value":1}""", DeadLetterReason.MissingTimestamp },
        { """{"timestamp":"yesterday","value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":"2025-01-31T12:00:00","value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":"2025-01-31","value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":"2025-02-30T12:00:00Z","value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":"1969-12-31T23:59:59Z","value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":"10000-01-01T00:00:00Z","value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":-1,"value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":253402300800000,"value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":1e400,"value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":true,"value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":{"ms":0},"value":1}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":"yesterday"}""", DeadLetterReason.BadTimestamp },
        { """{"timestamp":0}""", DeadLetterReason.MissingValue },
        { """{"timestamp":0,"value":null}""", DeadLetterReason.MissingValue },
        { """{"timestamp":0,"value":[]}""", DeadLetterReason.MissingValue },
        { """{"timestamp":0,"value":"12.5"}""", DeadLetterReason.NonNumeric },
        { """{"timestamp":0,"value":true}""", DeadLetterReason.NonNumeric },
        { """{"timestamp":0,"value":{"v":1}}""", DeadLetterReason.NonNumeric },
        { """{"timestamp":0,"value":[1,"2",3]}""", DeadLetterReason.NonNumeric },
        { """{"timestamp":0,"value":[1,[2],3]}""", DeadLetterReason.NonNumeric },
        { """{"timestamp":0,"value":[1,null,3]}""", DeadLetterReason.NonNumeric },
        { """{"timestamp":0,"value":["NaN","x",3]}""", DeadLetterReason.NonNumeric },
        { """{"timestamp":0,"value":"NaN"}""", DeadLetterReason.NonFinite },
        { """{"timestamp":0,"value":"-Infinity"}""", DeadLetterReason.NonFinite },
        { """{"timestamp":0,"value":"infinity"}""", DeadLetterReason.NonFinite },
        { """{"timestamp":0,"value":1e400}""", DeadLetterReason.NonFinite },
        { """{"timestamp":0,"value":-1e400}""", DeadLetterReason.NonFinite },
        { """{"timestamp":0,"value":[1,"NaN",3]}""", DeadLetterReason.NonFinite },
        { """{"timestamp":0,"value":[1,2,1e999]}""", DeadLetterReason.NonFinite },
        { """{"timestamp":0,"value":[1,2]}""", DeadLetterReason.ChannelMismatch },
        { """{"timestamp":0,"value":[1,2,3,4]}""", DeadLetterReason.ChannelMismatch },
        { """{"timestamp":0,"value":1}""", DeadLetterReason.ChannelMismatch },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Parse_InvalidValue_ReportsReason(string json, DeadLetterReason expected)
    {
        var result = ReadingCodec.Parse(_key, Encoding.UTF8.GetBytes(json), expectedChannels: 3, MaxBytes);

        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        Assert.DoesNotContain("pump", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ChannelMismatch_DetailSaysExpectedAndActual()
    {
        var result = ReadingCodec.Parse(_key, """{"timestamp":0,"value":[1,2]}"""u8, expectedChannels: 3, MaxBytes);

        Assert.Equal("Expected 3 channel(s), got 2.", result.Detail);
    }

    [Fact]
    public void Parse_TimestampAndValueBothBad_ReportsTimestampWhateverTheOrder()
    {
        var first = Parse("""{"value":"x","timestamp":"bad"}""");
        var second = Parse("""{"timestamp":"bad","value":"x"}""");

        Assert.Equal(DeadLetterReason.BadTimestamp, first.Reason);
        Assert.Equal(DeadLetterReason.BadTimestamp, second.Reason);
    }

    [Fact]
    public void Parse_InvalidJson_DetailHasNoPayload()
    {
        var result = Parse("""{"timestamp":0,"value":secret-payload}""");

        Assert.Equal(DeadLetterReason.InvalidJson, result.Reason);
        Assert.DoesNotContain("secret", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingKey_ReportsMissingKey()
    {
        var result = ReadingCodec.Parse([], """{"timestamp":0,"value":1}"""u8, 1, MaxBytes);

        Assert.Equal(DeadLetterReason.MissingKey, result.Reason);
        Assert.Null(result.SensorId);
    }

    public static TheoryData<byte[]> InvalidKeys() => new()
    {
        new byte[] { 0xC3, 0x28 },
        Encoding.UTF8.GetBytes("pump\n17"),
        Encoding.UTF8.GetBytes("pump\u0000"),
        Encoding.UTF8.GetBytes("pump\u0085"),
        Encoding.UTF8.GetBytes(new string('k', ReadingCodec.MaxKeyBytes + 1)),
        Encoding.UTF8.GetBytes("pump\u200B1"),
        Encoding.UTF8.GetBytes("pump\u202E71"),
        Encoding.UTF8.GetBytes("\uFEFFpump1"),
        Encoding.UTF8.GetBytes("pump\u2066 1\u2069"),
        Encoding.UTF8.GetBytes(" pump1"),
        Encoding.UTF8.GetBytes("pump1\u00A0"),
        Encoding.UTF8.GetBytes("pompe-e\u0301"),
        new byte[] { 0xED, 0xA0, 0x80 },
    };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public void Parse_InvalidKey_ReportsInvalidKey(byte[] key)
    {
        var result = ReadingCodec.Parse(key, """{"timestamp":0,"value":1}"""u8, 1, MaxBytes);

        Assert.Equal(DeadLetterReason.InvalidKey, result.Reason);
    }

    [Fact]
    public void Parse_ComposedKeyWithInnerSpace_IsAccepted()
    {
        var result = ReadingCodec.Parse(Encoding.UTF8.GetBytes("pompe \u00E9 1"), """{"timestamp":0,"value":1}"""u8, 1, MaxBytes);

        Assert.True(result.IsValid, result.Detail);
    }

    [Fact]
    public void Parse_TimestampPastTheLatestAccepted_ReportsFutureTimestamp()
    {
        var latest = new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero);

        var atLimit = ReadingCodec.Parse(_key, """{"timestamp":"2026-01-01T00:05:00Z","value":1}"""u8, 1, MaxBytes, latest);
        var past = ReadingCodec.Parse(_key, """{"timestamp":"2026-01-01T00:05:00.001Z","value":1}"""u8, 1, MaxBytes, latest);
        var year9999 = ReadingCodec.Parse(_key, """{"timestamp":"9999-12-31T23:59:59Z","value":1}"""u8, 1, MaxBytes, latest);
        var anyTime = ReadingCodec.Parse(_key, """{"timestamp":"9999-12-31T23:59:59Z","value":1}"""u8, 1, MaxBytes);

        Assert.True(atLimit.IsValid, atLimit.Detail);
        Assert.Equal(DeadLetterReason.FutureTimestamp, past.Reason);
        Assert.Equal(DeadLetterReason.FutureTimestamp, year9999.Reason);
        Assert.Contains("Ingest:MaxFutureSkew", year9999.Detail, StringComparison.Ordinal);
        Assert.True(anyTime.IsValid, anyTime.Detail);
    }

    [Fact]
    public void Parse_LongestUnicodeKey_IsAccepted()
    {
        var key = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("é", ReadingCodec.MaxKeyBytes / 2)));

        var result = ReadingCodec.Parse(key, """{"timestamp":0,"value":1}"""u8, 1, MaxBytes);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(ReadingCodec.MaxKeyBytes / 2, result.SensorId.Length);
    }

    [Fact]
    public void Parse_ValueOverLimit_ReportsOversizedBeforeParsing()
    {
        var value = Encoding.UTF8.GetBytes("{\"timestamp\":0,\"value\":1,\"pad\":\"" + new string(' ', 100) + "\"}");

        var atLimit = ReadingCodec.Parse(_key, value, 1, value.Length);
        var overLimit = ReadingCodec.Parse(_key, value, 1, value.Length - 1);
        var garbage = ReadingCodec.Parse(_key, new byte[200], 1, 100);

        Assert.True(atLimit.IsValid, atLimit.Detail);
        Assert.Equal(DeadLetterReason.Oversized, overLimit.Reason);
        Assert.Equal(DeadLetterReason.Oversized, garbage.Reason);
    }

    [Fact]
    public void Parse_ManyMessagesOnOneThread_DoNotShareValueArrays()
    {
        var first = ReadingCodec.Parse(_key, """{"timestamp":0,"value":[1,2,3]}"""u8, 3, MaxBytes);
        var second = ReadingCodec.Parse(_key, """{"timestamp":0,"value":[4,5,6]}"""u8, 3, MaxBytes);

        Assert.Equal([1.0, 2.0, 3.0], first.Values);
        Assert.Equal([4.0, 5.0, 6.0], second.Values);
    }

    private static ReadingParseResult Parse(string json) =>
        ReadingCodec.Parse(_key, Encoding.UTF8.GetBytes(json), expectedChannels: 1, MaxBytes);
}
