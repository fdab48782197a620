using StreamRnn.Hosting;
using StreamRnn.Silo.Startup;

namespace StreamRnn.Silo.Tests;

public sealed class DurationArgumentTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("500ms", 0.5)]
    [InlineData("00:01:30", 90)]
    public void TryParse_ValidDuration_ReturnsSeconds(string text, double seconds)
    {
        Assert.True(DurationArgument.TryParse(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("soon")]
    [InlineData("0s")]
    public void TryParse_InvalidDuration_ReturnsFalse(string text) => Assert.False(DurationArgument.TryParse(text, out _));

    [Fact]
    public void ExtractRunFor_PresentTwoWays_RemovesItAndKeepsTheRest()
    {
        var (rest, runFor) = DurationArgument.ExtractRunFor(["--Kafka:Partitions=4", "--run-for", "30s", "x"]);
        Assert.Equal(["--Kafka:Partitions=4", "x"], rest);
        Assert.Equal(TimeSpan.FromSeconds(30), runFor);
        Assert.Equal(TimeSpan.FromMinutes(2), DurationArgument.ExtractRunFor(["--run-for=2m"]).RunFor);
    }

    [Fact]
    public void ExtractRunFor_BadValue_ThrowsNamingTheOption()
    {
        var exception = Assert.Throws<ArgumentException>(() => DurationArgument.ExtractRunFor(["--run-for", "soon"]));
        Assert.Contains("--run-for", exception.Message, StringComparison.Ordinal);
    }
}
