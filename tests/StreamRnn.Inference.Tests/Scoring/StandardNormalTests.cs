using StreamRnn.Inference.Scoring;

namespace StreamRnn.Inference.Tests.Scoring;

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
}
