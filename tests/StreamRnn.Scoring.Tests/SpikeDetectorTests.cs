using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class SpikeDetectorTests
{
    private static readonly SpikeDetectorSettings Settings = ScoringSettings.Spike;

    private static List<int> Fired(double[] values, ref SpikeDetectorState state)
    {
        var fired = new List<int>();
        for (var i = 0; i < values.Length; i++)
        {
            (var spike, state) = SpikeDetector.Observe(state, values[i], Settings);
            if (spike)
            {
                fired.Add(i);
            }
        }

        return fired;
    }

    [Fact]
    public void Settings_TestSettings_AreValid() => Settings.Validate();

    [Fact]
    public void Validate_NonPositiveDeviations_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>((ScoringSettings.Spike with { Deviations = 0 }).Validate);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observe_CleanNoisySine_NeverFires(int seed)
    {
        var (values, _) = ScoringSeries.NoisySine(seed);
        var state = default(SpikeDetectorState);
        Assert.Empty(Fired(values, ref state));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(-30)]
    public void Observe_SpikeOnNoisySine_FiresOnTheSpikeOnly(double height)
    {
        var (values, _) = ScoringSeries.NoisySine(4);
        values[3_000] += height;
        var state = default(SpikeDetectorState);
        Assert.Equal([3_000], Fired(values, ref state));
    }

    [Fact]
    public void Observe_DuringLearningPeriod_NeverFires()
    {
        var values = Enumerable.Range(0, Settings.LearningPeriod).Select(i => i % 5 == 0 ? 1e6 : 1.0).ToArray();
        var state = default(SpikeDetectorState);
        Assert.Empty(Fired(values, ref state));
    }

    [Fact]
    public void Observe_ConstantSensor_SigmaFloorRelativeToLevel()
    {
        var state = default(SpikeDetectorState);
        Assert.Empty(Fired(Enumerable.Repeat(100.0, 200).ToArray(), ref state));

        // The floor is 0.001 × 100 = 0.1, so the band is ±0.6.
        var (wobble, _) = SpikeDetector.Observe(state, 100.5, Settings);
        var (jump, _) = SpikeDetector.Observe(state, 101, Settings);
        Assert.False(wobble);
        Assert.True(jump);
    }

    [Fact]
    public void Observe_NonFiniteValue_NeverFiresAndIsNotLearnt()
    {
        var (values, _) = ScoringSeries.NoisySine(5, 500);
        var state = default(SpikeDetectorState);
        Fired(values, ref state);

        foreach (var value in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var (fired, next) = SpikeDetector.Observe(state, value, Settings);
            Assert.False(fired);
            Assert.Equal(state, next);
        }
    }
}
