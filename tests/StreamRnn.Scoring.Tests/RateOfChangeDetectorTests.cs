using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class RateOfChangeDetectorTests
{
    private static List<int> Fired(double[] values, DateTimeOffset[] times, RateOfChangeDetectorSettings settings, ref RateOfChangeDetectorState state)
    {
        var fired = new List<int>();
        for (var i = 0; i < values.Length; i++)
        {
            (var fast, state) = RateOfChangeDetector.Observe(state, values[i], times[i], settings);
            if (fast)
            {
                fired.Add(i);
            }
        }

        return fired;
    }

    [Fact]
    public void Settings_TestSettings_AreValidWithNoFixedLimit()
    {
        ScoringSettings.RateOfChange.Validate();
        Assert.Null(ScoringSettings.RateOfChange.MaxRatePerSecond);
    }

    [Fact]
    public void Validate_NonPositiveLimit_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>((ScoringSettings.RateOfChange with { MaxRatePerSecond = 0 }).Validate);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observe_CleanNoisySineWithJitteredTimes_NeverFires(int seed)
    {
        var (values, times) = ScoringSeries.NoisySine(seed);
        var state = default(RateOfChangeDetectorState);
        Assert.Empty(Fired(values, times, ScoringSettings.RateOfChange, ref state));
    }

    [Fact]
    public void Observe_StepOnNoisySine_FiresOnTheStepOnly()
    {
        var (values, times) = ScoringSeries.NoisySine(4);
        for (var i = 3_000; i < values.Length; i++)
        {
            values[i] += 15;
        }

        var state = default(RateOfChangeDetectorState);
        Assert.Equal([3_000], Fired(values, times, ScoringSettings.RateOfChange, ref state));
    }

    [Fact]
    public void Observe_FixedLimit_UsesTimestampsAndFiresFromTheSecondReading()
    {
        var settings = ScoringSettings.RateOfChange with { MaxRatePerSecond = 2 };
        var t = ScoringSeries.Start;
        var state = default(RateOfChangeDetectorState);

        (var first, state) = RateOfChangeDetector.Observe(state, 0, t, settings);
        (var fast, state) = RateOfChangeDetector.Observe(state, 5, t.AddSeconds(1), settings);
        (var slow, state) = RateOfChangeDetector.Observe(state, 10, t.AddSeconds(6), settings);
        (var atLimit, _) = RateOfChangeDetector.Observe(state, 8, t.AddSeconds(7), settings);

        Assert.False(first);
        Assert.True(fast);
        Assert.False(slow);
        Assert.False(atLimit);
    }

    [Fact]
    public void Observe_DuringLearningPeriod_NeverFires()
    {
        var settings = ScoringSettings.RateOfChange;
        var values = Enumerable.Range(0, settings.LearningPeriod + 1).Select(i => i % 2 == 0 ? 0.0 : 1e6).ToArray();
        var times = Enumerable.Range(0, values.Length).Select(i => ScoringSeries.Start.AddSeconds(i)).ToArray();
        var state = default(RateOfChangeDetectorState);
        Assert.Empty(Fired(values, times, settings, ref state));
    }

    [Fact]
    public void Observe_DuplicateOrOutOfOrderTimestampOrNaN_IgnoredAndNeverFires()
    {
        var (values, times) = ScoringSeries.NoisySine(5, 500);
        var settings = ScoringSettings.RateOfChange with { MaxRatePerSecond = 1 };
        var state = default(RateOfChangeDetectorState);
        Fired(values, times, ScoringSettings.RateOfChange, ref state);

        foreach (var (value, time) in new[] { (1e6, times[^1]), (1e6, times[^1].AddSeconds(-5)), (double.NaN, times[^1].AddSeconds(1)) })
        {
            var (fired, next) = RateOfChangeDetector.Observe(state, value, time, settings);
            Assert.False(fired);
            Assert.Equal(state, next);
        }
    }
}
