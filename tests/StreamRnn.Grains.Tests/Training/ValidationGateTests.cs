using StreamRnn.Grains.Training;

namespace StreamRnn.Grains.Tests.Training;

public sealed class ValidationGateTests
{
    [Theory]
    [InlineData(1.0, 0.5, true)]
    [InlineData(1.0, 1.0, true)]
    [InlineData(1.0, 1.019, true)]
    [InlineData(1.0, 1.03, false)]
    [InlineData(1.0, double.NaN, false)]
    [InlineData(1.0, double.PositiveInfinity, false)]
    public void Evaluate_ComparesHeldOutLossWithinTheTolerance(double baseline, double candidate, bool passes)
    {
        var (passed, reason) = ValidationGate.Evaluate(baseline, candidate, nonFiniteParameter: null, tolerance: 0.02);

        Assert.Equal(passes, passed);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Theory]
    [InlineData(1.0, 0.97, true)]
    [InlineData(1.0, 0.98, true)]
    [InlineData(1.0, 0.99, false)]
    [InlineData(1.0, 1.0, false)]
    public void Evaluate_NegativeTolerance_PromotesOnlyACandidateThatMuchBetter(double baseline, double candidate, bool passes)
    {
        var (passed, reason) = ValidationGate.Evaluate(baseline, candidate, nonFiniteParameter: null, tolerance: -0.02);

        Assert.Equal(passes, passed);
        Assert.Contains(passes ? "vs active" : "below the active version", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NonFiniteWeight_FailsWhateverTheLoss()
    {
        var (passed, reason) = ValidationGate.Evaluate(1.0, 0.1, "head.weight[3] = NaN", 0.02);

        Assert.False(passed);
        Assert.Contains("head.weight[3]", reason, StringComparison.Ordinal);
    }
}
