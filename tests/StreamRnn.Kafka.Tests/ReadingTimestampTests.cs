using System.Text;
using System.Text.Json;

namespace StreamRnn.Kafka.Tests;

public sealed class ReadingTimestampTests
{
    [Theory]
    [InlineData("2025-01-31T12:00:00Z", true)]
    [InlineData("2025-01-31t12:00:00z", true)]
    [InlineData("2025-01-31T12:00:00+01:00", true)]
    [InlineData("2025-01-31T12:00:00-05:30", true)]
    [InlineData("2025-01-31T12:00:00", false)]
    [InlineData("2025-01-31", false)]
    [InlineData("2025-01-31T", false)]
    public void HasUtcOffset_TimePart_NeedsZOrSign(string text, bool expected)
    {
        Assert.Equal(expected, ReadingTimestamp.HasUtcOffset(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Read_Null_IsMissingNotBad()
    {
        var reader = ReaderOn("null");

        var outcome = ReadingTimestamp.Read(ref reader);

        Assert.True(outcome.Seen);
        Assert.Equal(DeadLetterReason.MissingTimestamp, outcome.Reason);
    }

    [Fact]
    public void Read_FractionalEpochMilliseconds_DropsTheFraction()
    {
        var reader = ReaderOn("1000.999");

        var outcome = ReadingTimestamp.Read(ref reader);

        Assert.Equal(DeadLetterReason.None, outcome.Reason);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1000), outcome.Value);
    }

    private static Utf8JsonReader ReaderOn(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        return reader;
    }
}
