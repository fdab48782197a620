using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class StandardNormalTests
{
    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 0.8413447)]
    [InlineData(-1, 0.1586553)]
    [InlineData(1.959964, 0.975)]
    [InlineData(3, 0.9986501)]
    public void Cdf_KnownPoints_MatchTables(double z, double expected) => Assert.Equal(expected, StandardNormal.Cdf(z), 6);

    [Fact]
    public void Cdf_NaN_IsHalf() => Assert.Equal(0.5, StandardNormal.Cdf(double.NaN));

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 0.15865525393145707)]
    [InlineData(-1, 0.8413447460685429)]
    [InlineData(3, 1.3498980316300957e-3)]
    [InlineData(5, 2.866515718791946e-7)]
    [InlineData(6, 9.865876450377012e-10)]
    [InlineData(7, 1.279812543885835e-12)]
    public void UpperTail_KnownPoints_MatchToARelative2e7(double z, double expected) =>
        Assert.True(Math.Abs(StandardNormal.UpperTail(z) / expected - 1) < 2e-7, $"Q({z}) = {StandardNormal.UpperTail(z):R}, expected {expected:R}");

    [Fact]
    public void UpperTail_NaN_IsHalf() => Assert.Equal(0.5, StandardNormal.UpperTail(double.NaN));
}
