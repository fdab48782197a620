namespace StreamRnn.Scoring.Tests;

public sealed class SeasonalProfileTests
{
    private static readonly SeasonalProfileSettings Hours = new() { Week = false, Buckets = 24, MinimumVisits = 3, Adaptation = 0.1 };

    [Theory]
    [InlineData(0, 0.1, "MinimumVisits")]
    [InlineData(256, 0.1, "MinimumVisits")] // more than a slot's visits can count
    [InlineData(3, 0.0, "Adaptation")]
    [InlineData(3, 0.0039, "Adaptation")] // below 1/255: its weight would not be reached before the visits stop counting
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
        var visits = new byte[Hours.Buckets];
        var noon = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        var expected = Enumerable.Range(0, 4).Select(day => SeasonalProfile.ExpectThenLearn(levels, visits, 10, noon.AddDays(day), Hours)).ToArray();

        Assert.Equal([null, null, null, 10.0], expected);
        Assert.Equal(4, visits[12]);
    }

    [Fact]
    public void ExpectThenLearn_SlowestAdaptationPastWhereTheCountStops_LevelAsWithAnUnboundedCount()
    {
        // The slowest pace the settings allow, 1/255: a slot's weight is 1/(visits + 1) until it reaches it, at the 255th
        // visit, where the count stops; from there on a count that went on would change nothing.
        var slowest = Hours with { Adaptation = 1.0 / byte.MaxValue };
        var levels = new float[slowest.Buckets];
        var visits = new byte[slowest.Buckets];
        var noon = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var random = new Random(5);
        double exact = 0;
        for (var day = 0; day < 1_000; day++)
        {
            var value = 10 + random.NextDouble() + (day >= 500 ? 5 : 0);
            SeasonalProfile.ExpectThenLearn(levels, visits, value, noon.AddDays(day), slowest);
            exact += Math.Max(slowest.Adaptation, 1.0 / (day + 1)) * (value - exact);
        }

        Assert.Equal(byte.MaxValue, visits[12]);
        Assert.Equal(exact, levels[12], 1e-3); // levels are kept in single precision
    }

    [Fact]
    public void ExpectThenLearn_SlotVisitedMoreThanItsCountHolds_StopsCountingAndKeepsFollowingAtItsAdaptation()
    {
        var levels = new float[Hours.Buckets];
        var visits = new byte[Hours.Buckets];
        var noon = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        levels[12] = 10;
        visits[12] = byte.MaxValue - 1;

        SeasonalProfile.ExpectThenLearn(levels, visits, 20, noon, Hours);
        SeasonalProfile.ExpectThenLearn(levels, visits, 20, noon.AddDays(1), Hours);

        Assert.Equal(byte.MaxValue, visits[12]);
        Assert.Equal(10 + (0.1 * 10) + (0.1 * 9), levels[12], 5); // levels are kept in single precision
    }
}
