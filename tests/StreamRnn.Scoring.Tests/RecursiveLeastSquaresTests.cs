namespace StreamRnn.Scoring.Tests;

public sealed class RecursiveLeastSquaresTests
{
    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Learns y = bias + a·x1 + b·x2 + noise for <paramref name="readings"/> readings into the given state.</summary>
    private static void Learn(double[] weights, double[] covariance, Random random, int readings, double bias, double a, double b, double forgetting)
    {
        for (var t = 0; t < readings; t++)
        {
            double[] features = [1, Gaussian(random), Gaussian(random)];
            var target = bias + (a * features[1]) + (b * features[2]) + (0.1 * Gaussian(random));
            var error = target - RecursiveLeastSquares.Predict(weights, features);
            RecursiveLeastSquares.Update(weights, covariance, features, error, forgetting);
        }
    }

    [Fact]
    public void Update_LinearRelationWithNoise_LearnsItsWeights()
    {
        var (weights, covariance) = RecursiveLeastSquares.Create(3);

        Learn(weights, covariance, new Random(1), 2_000, 0.5, 2, -1, 1);

        Assert.Equal(0.5, weights[0], 0.02);
        Assert.Equal(2, weights[1], 0.02);
        Assert.Equal(-1, weights[2], 0.02);
    }

    [Fact]
    public void Update_RelationChangesWithForgetting_FollowsTheNewOne()
    {
        var (weights, covariance) = RecursiveLeastSquares.Create(3);
        var random = new Random(2);

        Learn(weights, covariance, random, 2_000, 0, 2, 0, 0.99);
        Learn(weights, covariance, random, 1_000, 0, 0, 2, 0.99);

        Assert.Equal(0, weights[1], 0.05);
        Assert.Equal(2, weights[2], 0.05);
    }

    [Fact]
    public void Update_FeatureThatNeverVaries_CovarianceStaysBounded()
    {
        var (weights, covariance) = RecursiveLeastSquares.Create(2);

        for (var t = 0; t < 100_000; t++)
        {
            RecursiveLeastSquares.Update(weights, covariance, [1, 0], 0.1, 0.99);
        }

        Assert.All(covariance, value => Assert.True(double.IsFinite(value)));
        Assert.True(covariance[3] <= RecursiveLeastSquares.MaximumTrace * 2 * 1.02, $"P[1,1] = {covariance[3]}");
    }

    [Fact]
    public void Update_WrongSizesOrNonFiniteError_Throws()
    {
        var (weights, covariance) = RecursiveLeastSquares.Create(2);

        Assert.Throws<ArgumentException>(() => RecursiveLeastSquares.Update(weights, covariance, [1, 2, 3], 0, 0.99));
        Assert.Throws<ArgumentException>(() => RecursiveLeastSquares.Update(weights, new double[3], [1, 2], 0, 0.99));
        Assert.Throws<ArgumentOutOfRangeException>(() => RecursiveLeastSquares.Update(weights, covariance, [1, 2], double.NaN, 0.99));
        Assert.Throws<ArgumentOutOfRangeException>(() => RecursiveLeastSquares.Update(weights, covariance, [1, 2], 0, 0));
    }
}
