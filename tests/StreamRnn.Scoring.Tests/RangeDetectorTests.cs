using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class RangeDetectorTests
{
    private static readonly RangeDetectorSettings Limits = new(Min: 0, Max: 40);

    [Theory]
    [InlineData(-0.001)]
    [InlineData(40.001)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void IsOutOfRange_ValueOutsideLimits_Fires(double value) => Assert.True(RangeDetector.IsOutOfRange(value, Limits));

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(20)]
    public void IsOutOfRange_ValueWithinOrOnLimits_Quiet(double value) => Assert.False(RangeDetector.IsOutOfRange(value, Limits));

    [Theory]
    [InlineData(-1e300)]
    [InlineData(1e300)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void IsOutOfRange_Unbounded_NeverFires(double value) => Assert.False(RangeDetector.IsOutOfRange(value, RangeDetectorSettings.Unbounded));

    [Fact]
    public void IsOutOfRange_OneSidedLimit_FiresOnThatSideOnly()
    {
        var atMost = new RangeDetectorSettings(Max: 10);
        Assert.True(RangeDetector.IsOutOfRange(11, atMost));
        Assert.False(RangeDetector.IsOutOfRange(-1e9, atMost));
        Assert.False(RangeDetector.IsOutOfRange(double.NegativeInfinity, atMost));
    }

    [Fact]
    public void IsOutOfRange_CleanNoisySine_NeverFires()
    {
        var (values, _) = ScoringSeries.NoisySine(1);
        Assert.DoesNotContain(values, value => RangeDetector.IsOutOfRange(value, Limits));
    }

    [Fact]
    public void IsOutOfRange_NoisySineDrivenPastItsLimit_Fires()
    {
        var (values, _) = ScoringSeries.NoisySine(2);
        values[2_500] = 55;
        Assert.Equal([2_500], values.Select((v, i) => (v, i)).Where(x => RangeDetector.IsOutOfRange(x.v, Limits)).Select(x => x.i));
    }

    [Fact]
    public void Validate_MinAboveMaxOrNaNLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(new RangeDetectorSettings(5, 4).Validate);
        Assert.Throws<ArgumentOutOfRangeException>(new RangeDetectorSettings(double.NaN, 4).Validate);
        Assert.Throws<ArgumentOutOfRangeException>(new RangeDetectorSettings(0, double.NaN).Validate);
    }
}
