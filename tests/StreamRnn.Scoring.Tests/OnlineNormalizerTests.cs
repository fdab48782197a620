using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class OnlineNormalizerTests
{
    [Fact]
    public void Update_ManyValues_MomentsMatchTheSample()
    {
        var values = Enumerable.Range(0, 500).Select(i => 10 + 3 * Math.Sin(i)).ToArray();
        var moments = values.Aggregate(default(RunningMoments), OnlineNormalizer.Update);

        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.Equal(500, moments.Count);
        Assert.Equal(mean, moments.Mean, 9);
        Assert.Equal(variance, moments.Variance, 6);
    }

    [Fact]
    public void Normalize_ThenDenormalize_RoundTrips()
    {
        var moments = new[] { 1.0, 4, 2, 8, 5 }.Aggregate(default(RunningMoments), OnlineNormalizer.Update);
        var normalized = OnlineNormalizer.Normalize(moments, 6.5);
        Assert.Equal(6.5, OnlineNormalizer.Denormalize(moments, normalized), 5);
    }

    [Fact]
    public void Normalize_WildValue_IsClipped()
    {
        var moments = new[] { 1.0, 2, 3, 2, 1 }.Aggregate(default(RunningMoments), OnlineNormalizer.Update);
        Assert.Equal((float)OnlineNormalizer.Clip, OnlineNormalizer.Normalize(moments, 1e9));
        Assert.Equal((float)-OnlineNormalizer.Clip, OnlineNormalizer.Normalize(moments, -1e9));
    }

    [Fact]
    public void Normalize_FirstValue_IsZero() => Assert.Equal(0f, OnlineNormalizer.Normalize(default, 42));

    [Fact]
    public void Update_AfterMemory_FollowsALevelShift()
    {
        var moments = Enumerable.Repeat(0.0, 5_000).Aggregate(default(RunningMoments), OnlineNormalizer.Update);
        moments = Enumerable.Repeat(100.0, 5 * OnlineNormalizer.Memory).Aggregate(moments, OnlineNormalizer.Update);
        Assert.True(moments.Mean > 99, $"mean {moments.Mean}");
    }

    [Fact]
    public void Bound_ValueWithinTheRange_IsItselfAndNotFar()
    {
        var moments = Enumerable.Range(0, 50).Select(i => 20.0 + (i % 5)).Aggregate(default(RunningMoments), OnlineNormalizer.Update);
        Assert.Equal(35.5, OnlineNormalizer.Bound(moments, 35.5, out var far));
        Assert.False(far);
    }

    [Theory]
    [InlineData(1e300)]
    [InlineData(double.MaxValue)]
    [InlineData(double.MinValue)]
    public void Bound_AbsurdValue_IsFarAndKeepsTheMomentsFinite(double absurd)
    {
        var moments = Enumerable.Range(0, 50).Select(i => 20.0 + (i % 5)).Aggregate(default(RunningMoments), OnlineNormalizer.Update);
        var bounded = OnlineNormalizer.Bound(moments, absurd, out var far);

        Assert.True(far);
        Assert.Equal(Math.Sign(absurd), Math.Sign(bounded - moments.Mean));
        var next = OnlineNormalizer.Update(moments, bounded);
        Assert.True(double.IsFinite(next.Mean) && double.IsFinite(next.Variance), $"{next}");
    }

    [Fact]
    public void Bound_AbsurdFirstValues_KeepTheMomentsFinite()
    {
        var moments = default(RunningMoments);
        foreach (var value in new[] { double.MaxValue, double.MinValue, 1e300, 5 })
        {
            moments = OnlineNormalizer.Update(moments, OnlineNormalizer.Bound(moments, value, out _));
        }

        Assert.True(double.IsFinite(moments.Mean) && double.IsFinite(moments.Variance), $"{moments}");
    }

    [Fact]
    public void Bound_LevelShiftOfAConstantSensor_IsLearntWithinAFewReadings()
    {
        var moments = Enumerable.Repeat(100.0, 200).Aggregate(default(RunningMoments), OnlineNormalizer.Update);
        var farReadings = 0;
        for (var i = 0; i < 20; i++)
        {
            var learnt = OnlineNormalizer.Bound(moments, 250, out var far);
            farReadings += far ? 1 : 0;
            moments = OnlineNormalizer.Update(moments, learnt);
        }

        // The first reading of the new level is far; within a few the spread has widened to take it as it is.
        Assert.InRange(farReadings, 1, 5);
        Assert.False(OnlineNormalizer.Bound(moments, 250, out var stillFar) != 250 || stillFar);
    }
}
