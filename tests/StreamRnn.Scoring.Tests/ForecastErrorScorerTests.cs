using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class ForecastErrorScorerTests
{
    private const double AlertThreshold = 0.999995;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    [Fact]
    public void Score_DuringLearningPeriod_IsZero()
    {
        var state = ForecastErrorState.Empty;
        for (var i = 0; i < ForecastErrorScorer.LearningPeriod; i++)
        {
            (var score, state) = ForecastErrorScorer.Score(state, i % 2 == 0 ? 0.1 : 50);
            Assert.Equal(0, score);
        }
    }

    [Fact]
    public void Score_StationaryNoisyErrors_RarelyReachesTheAlertThreshold()
    {
        var random = new Random(3);
        var state = ForecastErrorState.Empty;
        var above = 0;
        const int Steps = 10_000;
        for (var i = 0; i < Steps; i++)
        {
            (var score, state) = ForecastErrorScorer.Score(state, Math.Abs(Gaussian(random)));
            Assert.InRange(score, 0, 1);
            if (score >= AlertThreshold)
            {
                above++;
            }
        }

        Assert.True(above <= Steps / 500, $"{above} of {Steps} readings reached the alert threshold");
    }

    [Fact]
    public void Score_LargeErrorAfterLearning_ReachesTheAlertThresholdAtOnce()
    {
        var random = new Random(5);
        var state = ForecastErrorState.Empty;
        for (var i = 0; i < 500; i++)
        {
            (_, state) = ForecastErrorScorer.Score(state, Math.Abs(Gaussian(random)));
        }

        var (score, _) = ForecastErrorScorer.Score(state, 12);

        Assert.True(score >= AlertThreshold, $"score {score}");
    }

    [Fact]
    public void Score_RepeatedHugeErrors_AreLearntWinsorised()
    {
        var random = new Random(7);
        var state = ForecastErrorState.Empty;
        for (var i = 0; i < 500; i++)
        {
            (_, state) = ForecastErrorScorer.Score(state, Math.Abs(Gaussian(random)));
        }

        var before = state.ErrorMoments;
        for (var i = 0; i < 20; i++)
        {
            (_, state) = ForecastErrorScorer.Score(state, 1e6);
        }

        Assert.True(state.ErrorMoments.Mean < before.Mean + 1, $"mean moved from {before.Mean} to {state.ErrorMoments.Mean}");
    }
}
