using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class RangeNoveltyTests
{
    private static readonly RangeNoveltySettings Settings = new() { Scale = 0.1, LearningReadings = 5, Memory = 100, ErrorAllowance = 2 };

    [Fact]
    public void Surprise_AnExcessOfOneScaleBeyondEitherEnd_IsOneHalf()
    {
        var range = new ObservedRange(10, 20, 5);

        Assert.Equal(0.5, RangeNovelty.Surprise(range, 21, 0, Settings), 12);
        Assert.Equal(0.5, RangeNovelty.Surprise(range, 9, 0, Settings), 12);
        Assert.Equal(2 / 2.1, RangeNovelty.Surprise(range, 40, 0, Settings), 12);
    }

    [Fact]
    public void Surprise_WithinTheUsualErrorsAllowedBeyondTheRange_IsZeroAndPastThemCountsOnlyTheRest()
    {
        var range = new ObservedRange(10, 20, 5);

        // Two usual errors of 0.5 are allowed: 21 is within them, 22 is one scale past them.
        Assert.Equal(0, RangeNovelty.Surprise(range, 21, 0.5, Settings));
        Assert.Equal(0.5, RangeNovelty.Surprise(range, 22, 0.5, Settings), 12);
        Assert.Equal(0.5, RangeNovelty.Surprise(range, 8, 0.5, Settings), 12);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(20)]
    public void Surprise_WithinTheRange_IsZero(double value) =>
        Assert.Equal(0, RangeNovelty.Surprise(new ObservedRange(10, 20, 5), value, 0, Settings));

    [Fact]
    public void Surprise_WhileTheRangeLearnsOrHasNoWidth_IsZero()
    {
        Assert.Equal(0, RangeNovelty.Surprise(new ObservedRange(10, 20, 4), 1_000, 0, Settings));
        Assert.Equal(0, RangeNovelty.Surprise(new ObservedRange(10, 10, 50), 1_000, 0, Settings));
        Assert.Equal(0, RangeNovelty.Surprise(default, 1_000, 0, Settings));
    }

    [Fact]
    public void Learn_FirstReading_IsTheWholeRange() =>
        Assert.Equal(new ObservedRange(7, 7, 1), RangeNovelty.Learn(default, 7, Settings));

    [Fact]
    public void Learn_ANewExtreme_WidensTheRangeToIt()
    {
        var wider = RangeNovelty.Learn(new ObservedRange(10, 20, 5), 25, Settings);
        var lower = RangeNovelty.Learn(new ObservedRange(10, 20, 5), 3, Settings);

        // The other end is drawn in by 1/Memory of its distance to the reading.
        Assert.Equal((10 + (15 / 100.0), 25.0, 6L), (wider.Low, wider.High, wider.Readings));
        Assert.Equal((3.0, 20 - (17 / 100.0), 6L), (lower.Low, lower.High, lower.Readings));
    }

    [Fact]
    public void Learn_ReadingsInsideTheRange_DrawItsEndsInOverItsMemory()
    {
        var range = new ObservedRange(0, 100, 5);
        var once = RangeNovelty.Learn(range, 50, Settings);
        Assert.Equal(0.5, once.Low, 12);
        Assert.Equal(99.5, once.High, 12);

        for (var i = 1; i < Settings.Memory; i++)
        {
            once = RangeNovelty.Learn(once, 50, Settings);
        }

        // After one memory of readings at 50, each end has come about two thirds (1 − 1/e) of the way in.
        Assert.InRange(once.High, 50 + (50 / Math.E) - 0.5, 50 + (50 / Math.E) + 0.5);
        Assert.InRange(once.Low, 50 - (50 / Math.E) - 0.5, 50 - (50 / Math.E) + 0.5);
    }

    [Fact]
    public void Validate_ASettingOutOfRange_NamesIt()
    {
        Assert.Equal("Scale", Assert.ThrowsAny<ArgumentException>(() => (Settings with { Scale = 0 }).Validate()).ParamName);
        Assert.Equal("LearningReadings", Assert.ThrowsAny<ArgumentException>(() => (Settings with { LearningReadings = 0 }).Validate()).ParamName);
        Assert.Equal("Memory", Assert.ThrowsAny<ArgumentException>(() => (Settings with { Memory = 0 }).Validate()).ParamName);
        Assert.Equal("ErrorAllowance", Assert.ThrowsAny<ArgumentException>(() => (Settings with { ErrorAllowance = -1 }).Validate()).ParamName);
    }
}
