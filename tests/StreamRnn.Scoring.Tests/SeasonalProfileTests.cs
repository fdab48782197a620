namespace StreamRnn.Scoring.Tests;

public sealed class SeasonalProfileTests
{
    private static readonly SeasonalProfileSettings Hours = new() { Week = false, Buckets = 24, MinimumVisits = 3, Adaptation = 0.1 };

    [Theory]
    [InlineData(0, 0.1, "MinimumVisits")]
    [InlineData(65_536, 0.1, "MinimumVisits")] // more than a slot's visits can count
    [InlineData(3, 0.0, "Adaptation")]
    [InlineData(3, 1e-6, "Adaptation")] // below 1/65,535: its weight would not be reached before the visits stop counting
    [InlineData(3, 1.5, "Adaptation")]
    public void Settings_OutOfRange_ThrowNamingTheSetting(int minimumVisits, double adaptation, string name)
    {
        var settings = Hours with { MinimumVisits = minimumVisits, Adaptation = adaptation };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(settings.Validate);

        Assert.Equal(name, exception.ParamName);
    }

    [Fact]
    public void ExpectThenLearn_SlotSpeaksAfterItsMinimumVisits()
    {
        var levels = new float[Hours.Buckets];
        var visits = new ushort[Hours.Buckets];
        var noon = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        var expected = Enumerable.Range(0, 4).Select(day => SeasonalProfile.ExpectThenLearn(levels, visits, 10, noon.AddDays(day), Hours)).ToArray();

        Assert.Equal([null, null, null, 10.0], expected);
        Assert.Equal(4, visits[12]);
    }

    [Fact]
    public void ExpectThenLearn_SlotVisitedMoreThanItsCountHolds_StopsCountingAndKeepsFollowingAtItsAdaptation()
    {
        var levels = new float[Hours.Buckets];
        var visits = new ushort[Hours.Buckets];
        var noon = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        levels[12] = 10;
        visits[12] = ushort.MaxValue - 1;

        SeasonalProfile.ExpectThenLearn(levels, visits, 20, noon, Hours);
        SeasonalProfile.ExpectThenLearn(levels, visits, 20, noon.AddDays(1), Hours);

        Assert.Equal(ushort.MaxValue, visits[12]);
        Assert.Equal(10 + (0.1 * 10) + (0.1 * 9), levels[12], 5); // levels are kept in single precision
    }
}
