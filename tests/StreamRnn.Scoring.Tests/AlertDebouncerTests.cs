using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class AlertDebouncerTests
{
    private static readonly AlertDebouncerSettings Settings = ScoringSettings.Debouncer with { QuietReadings = 3, UpdateEvery = 4 };

    private static List<AlertTransition> Run(IEnumerable<double> scores, AlertDebouncerSettings settings, ref AlertDebouncerState state)
    {
        var transitions = new List<AlertTransition>();
        var time = ScoringSeries.Start;
        foreach (var score in scores)
        {
            (var transition, state) = AlertDebouncer.Observe(state, score, time, settings);
            transitions.Add(transition);
            time += TimeSpan.FromSeconds(1);
        }

        return transitions;
    }

    [Fact]
    public void Settings_TestSettings_AreValid()
    {
        ScoringSettings.Debouncer.Validate();
        Assert.Equal(ScoringSettings.Likelihood.AlertThreshold, ScoringSettings.Debouncer.Threshold);
    }

    [Fact]
    public void Validate_ClearThresholdAboveThreshold_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>((ScoringSettings.Debouncer with { Threshold = 0.5, ClearThreshold = 0.6 }).Validate);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_QuietReadingsOrUpdateEveryBelowOne_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>((ScoringSettings.Debouncer with { QuietReadings = value }).Validate);
        Assert.Throws<ArgumentOutOfRangeException>((ScoringSettings.Debouncer with { UpdateEvery = value }).Validate);
    }

    [Fact]
    public void Observe_CrossThenQuiet_StartsOnceAndEndsOnTheLastQuietReading()
    {
        var state = default(AlertDebouncerState);
        var transitions = Run([0.1, 0.2, 0.95, 0.95, 0.95, 0.1, 0.1, 0.1, 0.1], Settings, ref state);

        Assert.Equal(
            [AlertTransition.None, AlertTransition.None, AlertTransition.Start, AlertTransition.None, AlertTransition.None,
             AlertTransition.None, AlertTransition.None, AlertTransition.End, AlertTransition.None],
            transitions);
        Assert.False(state.Active);
        Assert.Equal(2, state.StartedAtReading);
        Assert.Equal(ScoringSeries.Start.AddSeconds(2), state.StartedAt);
        Assert.Equal(0.95, state.Peak);
        Assert.Equal(9, state.Readings);
    }

    [Fact]
    public void Observe_PeakGrowsEveryReading_UpdatesAtMostEveryUpdateEveryReadings()
    {
        var state = default(AlertDebouncerState);
        var scores = Enumerable.Range(0, 10).Select(i => 0.91 + 0.005 * i).ToArray();
        var transitions = Run(scores, Settings, ref state);

        Assert.Equal(AlertTransition.Start, transitions[0]);
        Assert.Equal([4, 8], transitions.Select((t, i) => (t, i)).Where(x => x.t == AlertTransition.Update).Select(x => x.i));
        Assert.Equal(scores[8], state.ReportedPeak);
        Assert.Equal(scores[9], state.Peak);
    }

    [Fact]
    public void Observe_PeakGrewBeforeUpdateEvery_ReportedWhenTheIntervalIsUp()
    {
        var state = default(AlertDebouncerState);
        var transitions = Run([0.92, 0.99, 0.6, 0.6, 0.6, 0.6], Settings, ref state);

        Assert.Equal([AlertTransition.Start, AlertTransition.None, AlertTransition.None, AlertTransition.None, AlertTransition.Update, AlertTransition.None], transitions);
        Assert.Equal(0.99, state.ReportedPeak);
    }

    [Fact]
    public void Observe_SteadyScoreInAnEvent_NoUpdates()
    {
        var state = default(AlertDebouncerState);
        var transitions = Run(Enumerable.Repeat(0.95, 50), Settings, ref state);

        Assert.Equal(1, transitions.Count(t => t == AlertTransition.Start));
        Assert.Equal(49, transitions.Count(t => t == AlertTransition.None));
    }

    [Fact]
    public void Observe_DipShorterThanQuietReadings_StaysInTheSameEvent()
    {
        var state = default(AlertDebouncerState);
        var transitions = Run([0.95, 0.1, 0.1, 0.95, 0.1, 0.1, 0.7, 0.1, 0.1], Settings, ref state);

        Assert.Equal(1, transitions.Count(t => t == AlertTransition.Start));
        Assert.DoesNotContain(AlertTransition.End, transitions);
        Assert.True(state.Active);
    }

    [Fact]
    public void Observe_NoisyScoreAroundTheThreshold_OneEventNotOnePerCrossing()
    {
        var random = new Random(17);
        var settings = ScoringSettings.Debouncer;
        var state = default(AlertDebouncerState);
        var scores = Enumerable.Range(0, 1_000).Select(_ => settings.Threshold + 0.1 * ScoringSeries.Gaussian(random)).ToArray();
        var transitions = Run(scores, settings, ref state);
        var crossings = scores.Zip(scores.Skip(1)).Count(pair => pair.First < settings.Threshold && pair.Second >= settings.Threshold);

        Assert.True(crossings > 100, $"only {crossings} crossings: not a noisy score");
        Assert.Equal(1, transitions.Count(t => t == AlertTransition.Start));
        Assert.DoesNotContain(AlertTransition.End, transitions);
        Assert.True(transitions.Count(t => t == AlertTransition.Update) <= 1_000 / settings.UpdateEvery);

        var quiet = Run(Enumerable.Repeat(0.0, settings.QuietReadings), settings, ref state);
        Assert.Equal(AlertTransition.End, quiet[^1]);
        Assert.Equal(1, quiet.Count(t => t == AlertTransition.End));
    }

    [Fact]
    public void Observe_SecondEventAfterEnd_StartsAgain()
    {
        var state = default(AlertDebouncerState);
        var transitions = Run([0.95, 0.1, 0.1, 0.1, 0.3, 0.97], Settings, ref state);

        Assert.Equal([AlertTransition.Start, AlertTransition.None, AlertTransition.None, AlertTransition.End, AlertTransition.None, AlertTransition.Start], transitions);
        Assert.Equal(5, state.StartedAtReading);
        Assert.Equal(0.97, state.Peak);
    }

    [Fact]
    public void Observe_NaNScore_IsQuiet()
    {
        var state = default(AlertDebouncerState);
        var transitions = Run([double.NaN, 0.95, double.NaN, double.NaN, double.NaN], Settings, ref state);

        Assert.Equal([AlertTransition.None, AlertTransition.Start, AlertTransition.None, AlertTransition.None, AlertTransition.End], transitions);
    }

    [Theory]
    [InlineData(0, 1)] // at least one reading
    [InlineData(700, 70)] // a tenth of 700 readings, fewer than the gap
    [InlineData(2_995, 300)] // 299.5 rounds up to 300
    [InlineData(100_000, 300)] // the gap, whatever the history
    public void StartGap_AFraction_IsThatShareOfTheReadingsWhereFewerThanTheGap(long reading, long gap)
    {
        var settings = ScoringSettings.Debouncer with { MinimumStartGap = 300, StartGapFraction = 0.1 };

        Assert.Equal(gap, AlertDebouncer.StartGap(reading, settings));
        Assert.Equal(300, AlertDebouncer.StartGap(reading, settings with { StartGapFraction = 0 }));
    }

    [Fact]
    public void Observe_YoungSensorWithAGapFraction_StartsASecondEventThatTheWholeGapHoldsBack()
    {
        // An event at reading 500 and another crossing at 600: 100 readings apart, fewer than the gap of 300 but more
        // than a tenth of the 600 readings seen (60).
        var scores = Enumerable.Range(0, 700).Select(reading => reading is 500 or 600 ? 0.95 : 0.1).ToList();
        var whole = default(AlertDebouncerState);
        var fraction = default(AlertDebouncerState);

        var withGap = Run(scores, Settings with { MinimumStartGap = 300 }, ref whole);
        var withFraction = Run(scores, Settings with { MinimumStartGap = 300, StartGapFraction = 0.1 }, ref fraction);

        Assert.Equal([500], Starts(withGap));
        Assert.Equal([500, 600], Starts(withFraction));

        static int[] Starts(List<AlertTransition> transitions) => [.. transitions.Select((transition, reading) => (transition, reading)).Where(pair => pair.transition == AlertTransition.Start).Select(pair => pair.reading)];
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_StartGapFractionOutsideZeroToOne_ThrowsNamingIt(double fraction)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>((ScoringSettings.Debouncer with { StartGapFraction = fraction }).Validate);

        Assert.Equal(nameof(AlertDebouncerSettings.StartGapFraction), exception.ParamName);
    }
}
