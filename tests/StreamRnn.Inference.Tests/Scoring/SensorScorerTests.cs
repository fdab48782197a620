using StreamRnn.Inference.Scoring;

namespace StreamRnn.Inference.Tests.Scoring;

public sealed class SensorScorerTests
{
    private static readonly SensorScorerSettings Settings = SensorScorerSettings.Default;
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    /// <summary>A daily pattern sampled every 5 minutes: 50 + 10·sin(2π·time of day) plus N(0, 1) noise.</summary>
    private static double Daily(int step, Random random) =>
        50 + 10 * Math.Sin(2 * Math.PI * (step % 288) / 288.0) + ScoringSeries.Gaussian(random);

    [Fact]
    public void Settings_Defaults_AreValid() => Settings.Validate();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Step_StationaryNoisySeries_StaysBelowTheAlertThresholdFor10000Readings(int seed)
    {
        var random = new Random(seed);
        var scorer = new SensorScorer(Settings);
        var highest = 0.0;
        for (var i = 0; i < 10_000; i++)
        {
            // White noise around 100, forecast as its mean: both forecast errors are plain noise.
            var step = scorer.Step(100 + ScoringSeries.Gaussian(random), ScoringSeries.Start + (i * FiveMinutes), 100);
            highest = Math.Max(highest, step.Score);
            Assert.NotEqual(AlertTransition.Start, step.Anomaly);
        }

        Assert.True(highest < Settings.Threshold, $"highest score {highest}");
        Assert.True(highest > 0, "the likelihood never spoke");
    }

    [Fact]
    public void Step_SustainedShiftAfterLearning_StartsOneEventScoredOnItsFirstReadingOnly()
    {
        var random = new Random(7);
        var scorer = new SensorScorer(Settings);
        var steps = new List<SensorScoreStep>();
        for (var i = 0; i < 2_000; i++)
        {
            var shift = i >= 1_500 ? 8 : 0;
            steps.Add(scorer.Step(100 + shift + ScoringSeries.Gaussian(random), ScoringSeries.Start + (i * FiveMinutes), 100));
        }

        var starts = steps.Select((step, index) => (step, index)).Where(s => s.step.Anomaly == AlertTransition.Start).ToList();
        var start = Assert.Single(starts);
        Assert.InRange(start.index, 1_500, 1_510);
        Assert.True(start.step.Score >= Settings.Threshold);
        Assert.All(steps.Where((_, index) => index != start.index), step => Assert.True(step.Score < Settings.Threshold));
        Assert.Equal(start.step.Surprise, start.step.Score);
    }

    [Fact]
    public void Step_EventsCloserThanTheMinimumGap_OnlyTheFirstStarts()
    {
        var random = new Random(11);
        var settings = Settings with { MinimumEventGap = 400 };
        var scorer = new SensorScorer(settings);
        var starts = new List<int>();
        for (var i = 0; i < 3_000; i++)
        {
            // Bursts of 20 readings at +15 every 200 readings after the learning period, then one burst 600 later.
            var burst = i is >= 1_000 and < 2_000 && i % 200 < 20 || i is >= 2_600 and < 2_620;
            if (scorer.Step(100 + (burst ? 15 : 0) + ScoringSeries.Gaussian(random), ScoringSeries.Start + (i * FiveMinutes), 100).Anomaly == AlertTransition.Start)
            {
                starts.Add(i);
            }
        }

        Assert.Equal([1_000, 1_400, 1_800, 2_600], starts.Select(s => s - (s % 200)));
    }

    [Fact]
    public void Step_DailyPatternGoesFlat_SeasonalSurpriseStartsAnEventThoughTheForecastFollows()
    {
        var random = new Random(3);
        var scorer = new SensorScorer(Settings);
        double? previous = null;
        var flatFrom = 288 * 14;
        var firstStart = -1;
        var forecastHighest = 0.0;
        for (var i = 0; i < 288 * 16; i++)
        {
            var value = i < flatFrom ? Daily(i, random) : 50 + (0.2 * ScoringSeries.Gaussian(random));
            // A persistence forecast: it follows the flat day at once, so only the time-of-day profile can tell.
            var step = scorer.Step(value, ScoringSeries.Start + (i * FiveMinutes), previous);
            previous = value;
            if (i >= flatFrom)
            {
                forecastHighest = Math.Max(forecastHighest, step.ForecastSurprise);
            }

            if (step.Anomaly == AlertTransition.Start && firstStart < 0 && i >= flatFrom)
            {
                firstStart = i;
                Assert.True(step.SeasonalSurprise >= Settings.Threshold);
            }
        }

        Assert.InRange(firstStart, flatFrom, flatFrom + 144);
        Assert.True(forecastHighest < Settings.Threshold, $"the persistence forecast error alone reached {forecastHighest}");
    }

    [Fact]
    public void Step_SpikeOnNoisySine_ReportsASpikeStartThenItsEnd()
    {
        var (values, times) = ScoringSeries.NoisySine(5, 2_000);
        values[1_500] += 30;
        var scorer = new SensorScorer(Settings);
        var spikes = new List<(int Index, AlertTransition Transition)>();
        for (var i = 0; i < values.Length; i++)
        {
            var step = scorer.Step(values[i], times[i], i == 0 ? null : values[i - 1]);
            if (step.Spike != AlertTransition.None)
            {
                spikes.Add((i, step.Spike));
            }
        }

        Assert.Equal([(1_500, AlertTransition.Start), (1_501, AlertTransition.End)], spikes);
    }

    [Fact]
    public void Step_ValueBeyondConfiguredLimits_ReportsOutOfRangeStartAndEnd()
    {
        var scorer = new SensorScorer(Settings with { Range = new RangeDetectorSettings(0, 100) });
        var transitions = new[] { 50.0, 120, 130, 60 }
            .Select((value, i) => scorer.Step(value, ScoringSeries.Start + (i * FiveMinutes), null).OutOfRange)
            .ToArray();

        Assert.Equal([AlertTransition.None, AlertTransition.Start, AlertTransition.None, AlertTransition.End], transitions);
    }

    [Fact]
    public void SaveThenLoad_MidStream_ContinuesExactlyAsTheOriginal()
    {
        var random = new Random(9);
        var values = Enumerable.Range(0, 3_000).Select(i => Daily(i, random) + (i is >= 2_500 and < 2_520 ? 25 : 0)).ToArray();
        var original = new SensorScorer(Settings);
        SensorScorer? restored = null;
        for (var i = 0; i < values.Length; i++)
        {
            var time = ScoringSeries.Start + (i * FiveMinutes);
            double? forecast = i == 0 ? null : values[i - 1];
            if (i == 1_200)
            {
                restored = SensorScorer.Load(original.Save(), Settings);
            }

            var expected = original.Step(values[i], time, forecast);
            if (restored is not null)
            {
                Assert.Equal(expected, restored.Step(values[i], time, forecast));
            }
        }

        Assert.Equal(original.Save(), restored!.Save());
    }

    [Fact]
    public void Load_TruncatedOrForeignBytes_ThrowsInvalidData()
    {
        var saved = new SensorScorer(Settings).Save();
        Assert.Throws<InvalidDataException>(() => SensorScorer.Load(saved[..^3], Settings));
        Assert.Throws<InvalidDataException>(() => SensorScorer.Load([42, 1, 2], Settings));
    }

    [Fact]
    public void Step_NonFiniteValueOrForecast_Throws()
    {
        var scorer = new SensorScorer(Settings);
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Step(double.NaN, ScoringSeries.Start, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Step(1, ScoringSeries.Start, double.PositiveInfinity));
    }

    [Fact]
    public void Step_WeekdayBehavingLikeASunday_SeasonalSurpriseHighOnlyWithTheWeeklyProfile()
    {
        var withWeekly = HolidaySurprise(SeasonalProfileSettings.Weekly);
        var dailyOnly = HolidaySurprise(null);

        Assert.True(withWeekly.Holiday >= Settings.Threshold, $"with the weekly profile: holiday {withWeekly.Holiday}");
        Assert.True(withWeekly.Weekend < Settings.Threshold, $"with the weekly profile: last weekend {withWeekly.Weekend}");
        Assert.True(dailyOnly.Holiday < Settings.Threshold, $"daily profile only: holiday {dailyOnly.Holiday}");
    }

    /// <summary>
    /// Readings every 5 minutes: 100 on weekdays, 50 at weekends, noise 1; in week 12 a Wednesday (a holiday) looks like
    /// a Sunday. The daily profile has learnt that a level 50 away is usual (every weekend); the weekly one, ready after
    /// four weeks, knows that Wednesdays are not weekends. Returns the highest seasonal surprise on the holiday and on the
    /// weekend before it.
    /// </summary>
    private static (double Holiday, double Weekend) HolidaySurprise(SeasonalProfileSettings? weekly)
    {
        var random = new Random(21);
        var scorer = new SensorScorer(Settings with { WeeklySeasonal = weekly });
        var monday = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var holiday = monday.AddDays((11 * 7) + 2).Date;
        double holidayHighest = 0, weekendHighest = 0;
        double? previous = null;
        for (var step = 0; step < 12 * 7 * 288; step++)
        {
            var time = monday + (step * FiveMinutes);
            var isWeekend = time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var value = (isWeekend || time.Date == holiday ? 50 : 100) + ScoringSeries.Gaussian(random);
            var seasonal = scorer.Step(value, time, previous).SeasonalSurprise;
            previous = value;
            if (time.Date == holiday)
            {
                holidayHighest = Math.Max(holidayHighest, seasonal);
            }
            else if (isWeekend && time.Date > holiday.AddDays(-7))
            {
                weekendHighest = Math.Max(weekendHighest, seasonal);
            }
        }

        return (holidayHighest, weekendHighest);
    }
}
