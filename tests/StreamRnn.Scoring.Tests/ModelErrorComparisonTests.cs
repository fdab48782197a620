namespace StreamRnn.Scoring.Tests;

public sealed class ModelErrorComparisonTests
{
    /// <summary>20 re-warm steps of one channel: values 0, 1, 2, …; a forecast of the next step off by <paramref name="miss"/>, two horizon steps.</summary>
    private static (float[] Inputs, float[] Forecasts) Rewarm(float miss, int steps = 20) =>
        ([.. Enumerable.Range(0, steps).Select(i => (float)i)],
         [.. Enumerable.Range(0, steps).SelectMany(i => new[] { i + 1 + miss, 0f })]);

    [Fact]
    public void ErrorRatio_NewModelMissesTwiceAsFarOnTheSameReadings_IsTwo()
    {
        var (inputs, forecasts) = Rewarm(miss: 0.5f);
        float[] oldErrors = [.. Enumerable.Repeat(2.5f, 8)];

        // New errors of 0.5 normalised units, 10 sensor units each: 5 against the old model's 2.5.
        var comparison = ModelErrorComparison.Compare(inputs, 1, forecasts, 2, scale: 10, oldErrors, settleSteps: 5, minimumPairs: 4);

        Assert.Equal(2, comparison!.ErrorRatio, 12);
        Assert.Equal(Enumerable.Repeat(-5.0, 8), comparison.NewErrors);
    }

    [Fact]
    public void ErrorRatio_ComparesOnlyTheLastReadingsBothForecastAfterTheNewModelSettled()
    {
        // The new model misses by 100 on its first steps, then by 1; the old model's errors are 1 on the last 8 readings
        // and 1000 on an older one that no longer lines up with a settled new forecast.
        float[] inputs = [.. Enumerable.Range(0, 12).Select(i => 0f)];
        float[] forecasts = [.. Enumerable.Range(0, 12).SelectMany(i => new[] { i < 3 ? 100f : 1f, 0f })];
        float[] oldErrors = [1000, .. Enumerable.Repeat(1f, 8)];

        // 12 steps, 3 to settle: steps 4 to 11 are compared (8 pairs), each forecast by the step before.
        var comparison = ModelErrorComparison.Compare(inputs, 1, forecasts, 2, 1, oldErrors, settleSteps: 3, minimumPairs: 8);

        Assert.Equal(1, comparison!.ErrorRatio, 12);
        Assert.Equal(8, comparison.NewErrors.Length);
    }

    [Fact]
    public void ErrorRatio_JudgesTheFirstChannelOfMultichannelInputs()
    {
        // Two channels: the first is i, the second a constant 50 that a forecast of the first would miss badly.
        float[] inputs = [.. Enumerable.Range(0, 20).SelectMany(i => new[] { (float)i, 50f })];
        var (_, forecasts) = Rewarm(miss: 1);
        float[] oldErrors = [.. Enumerable.Repeat(0.5f, 10)];

        var comparison = ModelErrorComparison.Compare(inputs, 2, forecasts, 2, 1, oldErrors, settleSteps: 5, minimumPairs: 10);

        Assert.Equal(2, comparison!.ErrorRatio, 12);
    }

    [Theory]
    [InlineData(12, 3)] // 20 steps, 12 to settle: 7 pairs, fewer than 8
    [InlineData(5, 20)] // more pairs needed than the old model's 10 errors
    public void ErrorRatio_TooFewReadingsToCompare_IsNull(int settleSteps, int minimumPairs)
    {
        var (inputs, forecasts) = Rewarm(miss: 1);
        float[] oldErrors = [.. Enumerable.Repeat(1f, 10)];

        Assert.Null(ModelErrorComparison.Compare(inputs, 1, forecasts, 2, 1, oldErrors, settleSteps, Math.Max(minimumPairs, 8)));
    }

    [Theory]
    [InlineData(0f, 1.0)] // the new model is perfect on them: nothing to scale by
    [InlineData(1f, 0.0)] // the old model was: nor here
    public void ErrorRatio_EitherModelWithoutError_IsNull(float miss, double oldError)
    {
        var (inputs, forecasts) = Rewarm(miss);
        float[] oldErrors = [.. Enumerable.Repeat((float)oldError, 10)];

        Assert.Null(ModelErrorComparison.Compare(inputs, 1, forecasts, 2, 1, oldErrors, 5, 5));
    }

    [Fact]
    public void ErrorRatio_FewerForecastsThanRewarmSteps_Throws()
    {
        var (inputs, forecasts) = Rewarm(miss: 1);

        Assert.Throws<ArgumentException>(() => ModelErrorComparison.Compare(inputs, 1, forecasts.AsSpan(0, 10), 2, 1, [1f], 0, 1));
    }
}
