using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class EventTimeDropoutDetectorTests
{
    private static readonly EventTimeDropoutDetectorSettings Settings = ScoringSettings.Dropout;

    private static List<int> Fired(DateTimeOffset[] times, ref EventTimeDropoutDetectorState state)
    {
        var fired = new List<int>();
        for (var i = 0; i < times.Length; i++)
        {
            (var dropout, state) = EventTimeDropoutDetector.Observe(state, times[i], Settings);
            if (dropout)
            {
                fired.Add(i);
            }
        }

        return fired;
    }

    private static DateTimeOffset[] Regular(int count, double seconds = 1) =>
        Enumerable.Range(0, count).Select(i => ScoringSeries.Start.AddSeconds(i * seconds)).ToArray();

    [Fact]
    public void Settings_TestSettings_AreValid()
    {
        Settings.Validate();
        Assert.Equal(5, Settings.Intervals);
    }

    [Fact]
    public void Validate_IntervalsOfOneOrLess_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>((ScoringSettings.Dropout with { Intervals = 1 }).Validate);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observe_CleanJitteredReadings_NeverFiresAndLearnsTheInterval(int seed)
    {
        var (_, times) = ScoringSeries.NoisySine(seed);
        var state = default(EventTimeDropoutDetectorState);
        Assert.Empty(Fired(times, ref state));
        Assert.InRange(state.UsualInterval.TotalSeconds, 0.95, 1.05);
    }

    [Fact]
    public void Observe_GapOfMoreThanFiveIntervals_FiresOnTheNextReadingOnly()
    {
        var (_, clean) = ScoringSeries.NoisySine(4);
        var times = clean.Take(3_000).Concat(clean.Skip(3_000).Select(t => t.AddSeconds(6))).ToArray();
        var state = default(EventTimeDropoutDetectorState);
        Assert.Equal([3_000], Fired(times, ref state));
        Assert.InRange(state.UsualInterval.TotalSeconds, 0.95, 1.05);
    }

    [Fact]
    public void Observe_GapOfFourIntervals_Quiet()
    {
        var times = Regular(100).Concat(Regular(100).Select(t => t.AddSeconds(103))).ToArray();
        var state = default(EventTimeDropoutDetectorState);
        Assert.Empty(Fired(times, ref state));
    }

    [Fact]
    public void Observe_DuringLearningPeriod_NeverFires()
    {
        var times = Regular(Settings.LearningPeriod).Append(ScoringSeries.Start.AddHours(1)).ToArray();
        var state = default(EventTimeDropoutDetectorState);
        Assert.Empty(Fired(times, ref state));
    }

    [Fact]
    public void Observe_DuplicateOrOutOfOrderEventTime_IgnoredAndNeverFires()
    {
        var times = Regular(100);
        var state = default(EventTimeDropoutDetectorState);
        Fired(times, ref state);

        foreach (var time in new[] { times[^1], times[^10] })
        {
            var (fired, next) = EventTimeDropoutDetector.Observe(state, time, Settings);
            Assert.False(fired);
            Assert.Equal(state, next);
        }
    }

    [Fact]
    public void Observe_SlowerSensor_LearnsItsOwnInterval()
    {
        var times = Regular(200, seconds: 60);
        var state = default(EventTimeDropoutDetectorState);
        Assert.Empty(Fired(times, ref state));
        Assert.Equal(60, state.UsualInterval.TotalSeconds, 6);
        Assert.True(EventTimeDropoutDetector.Observe(state, times[^1].AddMinutes(6), Settings).Fired);
    }

    [Theory]
    [InlineData(4.9, false)]
    [InlineData(5, false)]
    [InlineData(5.1, true)]
    public void IsOverdue_GapAgainstFiveUsualIntervals(double intervals, bool expected)
    {
        var last = ScoringSeries.Start;
        var usual = TimeSpan.FromSeconds(2);
        Assert.Equal(expected, EventTimeDropoutDetector.IsOverdue(last, usual, last + intervals * usual, ScoringSettings.Dropout.Intervals));
    }

    [Fact]
    public void IsOverdue_UnknownUsualInterval_False() =>
        Assert.False(EventTimeDropoutDetector.IsOverdue(ScoringSeries.Start, TimeSpan.Zero, ScoringSeries.Start.AddDays(1), ScoringSettings.Dropout.Intervals));

    [Fact]
    public void IsOverdue_State_FalseBeforeLearningThenJudgedOnTheUsualInterval()
    {
        var state = default(EventTimeDropoutDetectorState);
        Assert.False(EventTimeDropoutDetector.IsOverdue(state, ScoringSeries.Start.AddDays(1), Settings));

        var times = Regular(Settings.LearningPeriod);
        Fired(times, ref state);
        Assert.False(EventTimeDropoutDetector.IsOverdue(state, times[^1].AddDays(1), Settings));

        (_, state) = EventTimeDropoutDetector.Observe(state, times[^1].AddSeconds(1), Settings);
        var last = state.LastEventTime;
        Assert.False(EventTimeDropoutDetector.IsOverdue(state, last.AddSeconds(4.5), Settings));
        Assert.True(EventTimeDropoutDetector.IsOverdue(state, last.AddSeconds(5.5), Settings));
    }
}
