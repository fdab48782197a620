using StreamRnn.Chaos;

namespace StreamRnn.Chaos.Tests;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("10s", 10)]
    [InlineData("500ms", 0.5)]
    [InlineData("2m", 120)]
    [InlineData("7", 7)]
    [InlineData("00:00:03", 3)]
    public void Parse_Forms_Seconds(string text, double seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), DurationParser.Parse(text));

    [Fact]
    public void Parse_Garbage_Null() => Assert.Null(DurationParser.Parse("soon"));
}
