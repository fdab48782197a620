using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class StuckValueDetectorTests
{
    private static readonly RunningMoments Varied = new[] { 1.0, 5, 2, 8, 3, 9, 4, 7, 1, 6, 2, 8, 3, 9, 4 }.Aggregate(default(RunningMoments), OnlineNormalizer.Update);

    [Fact]
    public void NextRunLength_SameValue_Grows_DifferentValue_Resets()
    {
        Assert.Equal(1, StuckValueDetector.NextRunLength(0, 3.5, 3.5));
        Assert.Equal(5, StuckValueDetector.NextRunLength(4, 3.5, 3.5));
        Assert.Equal(0, StuckValueDetector.NextRunLength(4, 3.5, 3.6));
        Assert.Equal(0, StuckValueDetector.NextRunLength(0, null, 3.5));
    }

    [Fact]
    public void IsStuck_LongRunOnVariedSensor_True()
    {
        Assert.True(StuckValueDetector.IsStuck(12, 12, Varied));
        Assert.False(StuckValueDetector.IsStuck(11, 12, Varied));
    }

    [Fact]
    public void IsStuck_SensorThatNeverVaried_False()
    {
        var constant = Enumerable.Repeat(2.0, 50).Aggregate(default(RunningMoments), OnlineNormalizer.Update);
        Assert.False(StuckValueDetector.IsStuck(49, 12, constant));
    }
}
