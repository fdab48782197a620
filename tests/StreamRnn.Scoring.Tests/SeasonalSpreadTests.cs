using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class SeasonalSpreadTests
{
    private static readonly SeasonalProfileSettings Hours = ScoringSettings.Day;
    private static readonly SeasonalSpreadSettings Settings = ScoringSettings.Spread;

    [Fact]
    public void Settings_TestSettings_AreValid() => Settings.Validate();

    [Theory]
    [InlineData(0.0, 0.5, 10, "Adaptation")]
    [InlineData(1.5, 0.5, 10, "Adaptation")]
    [InlineData(0.0039, 0.5, 10, "Adaptation")] // below 1/255: its weight would not be reached before the visits stop counting
    [InlineData(0.1, 0.0, 10, "Floor")]
    [InlineData(0.1, 2.0, 10, "Floor")]
    [InlineData(0.1, 0.5, 0, "OverallMemory")]
    public void Settings_OutOfRange_ThrowNamingTheSetting(double adaptation, double floor, int memory, string name)
    {
        var settings = ScoringSettings.Spread with { Adaptation = adaptation, Floor = floor, OverallMemory = memory };
        var exception = Assert.Throws<ArgumentOutOfRangeException>(settings.Validate);
        Assert.Equal(name, exception.ParamName);
    }

    [Fact]
    public void ScaleThenLearn_SameDistanceInAQuietAndABusyHour_ScaledUpInTheQuietHourAndDownInTheBusyOne()
    {
        // 30 days with a distance of about 1 at 03:00 and about 9 at 12:00: the overall spread is about 5.
        var (spreads, visits, overall) = Learn(days: 30, quiet: 1, busy: 9);

        var atThree = Scale(spreads, visits, overall, 5, Hour(31, 3));
        var atNoon = Scale(spreads, visits, overall, 5, Hour(31, 12));

        Assert.InRange(atThree, 9.9, 10.1); // floored at half the overall spread (2.5): 5 × 5 / 2.5
        Assert.InRange(atNoon, 2.7, 2.9); // 5 × 5 / 9
    }

    [Fact]
    public void ScaleThenLearn_SlotSeenFewerThanMinimumVisits_ReturnsTheDistanceAsItIs()
    {
        var (spreads, visits, overall) = Learn(days: Hours.MinimumVisits - 1, quiet: 1, busy: 9);

        Assert.Equal(-5.0, Scale(spreads, visits, overall, -5, Hour(40, 3)));
        Assert.Equal(-5.0, Scale(spreads, visits, overall, -5, Hour(40, 12)));
    }

    [Fact]
    public void ScaleThenLearn_KeepsTheSignAndLearnsTheAbsoluteDistance()
    {
        var (spreads, visits, overall) = Learn(days: 30, quiet: 4, busy: 4);

        Assert.InRange(Scale(spreads, visits, overall, -4, Hour(31, 3)), -4.01, -3.99);
        var bucket = SeasonalProfile.Bucket(Hour(31, 3), Hours);
        Assert.InRange(spreads[bucket], 3.99, 4.01);
        Assert.Equal(30, visits[bucket]);
    }

    [Fact]
    public void ScaleThenLearn_ArraysOfAnotherLength_Throw()
    {
        Assert.Throws<ArgumentException>(() => SeasonalSpread.ScaleThenLearn(new float[12], new byte[12], default, 1, Hour(0, 0), Hours, Settings));
    }

    private static DateTimeOffset Hour(int day, int hour) => new DateTimeOffset(2025, 1, 1, hour, 0, 0, TimeSpan.Zero).AddDays(day);

    private static double Scale(float[] spreads, byte[] visits, RunningMoments overall, double distance, DateTimeOffset time) =>
        SeasonalSpread.ScaleThenLearn((float[])spreads.Clone(), (byte[])visits.Clone(), overall, distance, time, Hours, Settings).Scaled;

    /// <summary>One distance at 03:00 and one at 12:00 each day, alternating in sign.</summary>
    private static (float[] Spreads, byte[] Visits, RunningMoments Overall) Learn(int days, double quiet, double busy)
    {
        var spreads = new float[Hours.Buckets];
        var visits = new byte[Hours.Buckets];
        var overall = default(RunningMoments);
        for (var day = 0; day < days; day++)
        {
            var sign = day % 2 == 0 ? 1 : -1;
            (_, overall) = SeasonalSpread.ScaleThenLearn(spreads, visits, overall, sign * quiet, Hour(day, 3), Hours, Settings);
            (_, overall) = SeasonalSpread.ScaleThenLearn(spreads, visits, overall, sign * busy, Hour(day, 12), Hours, Settings);
        }

        return (spreads, visits, overall);
    }
}
