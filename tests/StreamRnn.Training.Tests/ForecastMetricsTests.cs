using StreamRnn.Training;

namespace StreamRnn.Training.Tests;

public sealed class ForecastMetricsTests
{
    [Fact]
    public void Compute_PerfectForecast_HasZeroErrorAndR2One()
    {
        double[,] actual = { { 1, 2 }, { 3, 5 }, { 4, 4 } };

        var metrics = ForecastMetrics.Compute((double[,])actual.Clone(), actual, [0, 0, 0]);

        Assert.Equal(3, metrics.Count);
        Assert.Equal(2, metrics.Horizon);
        Assert.Equal(new ErrorMetrics(0, 0, 0, 1), metrics.Model);
        Assert.All(metrics.ModelPerStep, m => Assert.Equal(new ErrorMetrics(0, 0, 0, 1), m));
        Assert.Equal(1, metrics.Skill);
    }

    [Fact]
    public void Compute_RampSeries_PersistenceErrorsMatchHandComputation()
    {
        // Series 0, 1, 2, …: from origin i the actual values are i+1, i+2, i+3 and persistence says i for all three.
        const int Origins = 10;
        var actual = new double[Origins, 3];
        var predicted = new double[Origins, 3];
        var last = new double[Origins];
        for (var i = 0; i < Origins; i++)
        {
            last[i] = i;
            for (var h = 0; h < 3; h++)
            {
                actual[i, h] = i + h + 1;
                predicted[i, h] = actual[i, h] + 1;
            }
        }

        var metrics = ForecastMetrics.Compute(predicted, actual, last);

        for (var h = 0; h < 3; h++)
        {
            Assert.Equal((h + 1.0) * (h + 1.0), metrics.PersistencePerStep[h].Mse, 1e-12);
            Assert.Equal(h + 1.0, metrics.PersistencePerStep[h].Mae, 1e-12);
            Assert.Equal(h + 1.0, metrics.PersistencePerStep[h].Rmse, 1e-12);
            Assert.Equal(1.0, metrics.ModelPerStep[h].Mse, 1e-12);
        }

        Assert.Equal(14.0 / 3, metrics.Persistence.Mse, 1e-12);
        Assert.Equal(2.0, metrics.Persistence.Mae, 1e-12);
        Assert.Equal(1 - (3.0 / 14), metrics.Skill, 1e-12);
        Assert.Equal(1 - (1.0 / 9), metrics.SkillPerStep[2], 1e-12);

        // Per step the actual values are 1…10 shifted: Σ(y − ȳ)² = 82.5, so R² = 1 − 10·1/82.5 for the model.
        Assert.Equal(1 - (10 / 82.5), metrics.ModelPerStep[0].R2, 1e-12);
    }

    [Fact]
    public void ErrorMetricsCompute_SmallCase_MatchesHandComputation()
    {
        var metrics = ErrorMetrics.Compute([1, 2, 3, 5], [1, 2, 3, 4]);

        Assert.Equal(0.25, metrics.Mse, 1e-12);
        Assert.Equal(0.25, metrics.Mae, 1e-12);
        Assert.Equal(0.5, metrics.Rmse, 1e-12);
        Assert.Equal(0.8, metrics.R2, 1e-12);
    }

    [Fact]
    public void ErrorMetricsCompute_ConstantActual_R2IsOneOnlyWhenPerfect()
    {
        Assert.Equal(1, ErrorMetrics.Compute([2, 2], [2, 2]).R2);
        Assert.Equal(0, ErrorMetrics.Compute([2, 3], [2, 2]).R2);
        Assert.ThrowsAny<ArgumentException>(() => ErrorMetrics.Compute([1], [1, 2]));
    }
}
