namespace StreamRnn.Scoring.Tests;

public sealed class CadenceScalingTests
{
    private static readonly TimeSpan Reference = TimeSpan.FromMinutes(5);
    private static readonly SensorPipelineSettings Defaults = new SensorOptions().ToPipelineSettings(null);

    /// <summary>A noisy sine, <paramref name="gap"/> apart, with a reading of 1,000 at offset 60.</summary>
    private static SensorPipelineReading[] Series(TimeSpan gap, int count = 100)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(t => new SensorPipelineReading(
            ScoringSeries.Start + (gap * t),
            [t == 60 ? 1_000 : 20 + (5 * Math.Sin(t / 4.0)) + (0.5 * ScoringSeries.Gaussian(random))],
            0,
            t))];
    }

    /// <summary>Runs the readings one at a time with a stand-in model that forecasts the last input.</summary>
    private static List<PipelineAlert> Run(SensorPipeline pipeline, IEnumerable<SensorPipelineReading> readings)
    {
        var alerts = new List<PipelineAlert>();
        foreach (var reading in readings)
        {
            var inputs = pipeline.Normalize([reading]);
            alerts.AddRange(pipeline.Score(inputs, [inputs.Values[0], inputs.Values[0]], 0, 1, false, ScoringSeries.Start).Alerts);
        }

        return alerts;
    }

    [Theory]
    [InlineData(3_600, 1.0 / 12)]
    [InlineData(1_800, 1.0 / 6)]
    [InlineData(300, 1.0)]
    [InlineData(60, 1.0)]
    [InlineData(0.5, 1.0)]
    public void Scale_SlowerThanTheReference_ReferenceOverCadenceElseOne(double medianGapSeconds, double expected)
    {
        Assert.Equal(expected, CadenceScaling.Scale(Reference, medianGapSeconds), 12);
    }

    [Fact]
    public void Median_OddAndEvenCounts_MiddleValueOrMeanOfTheMiddleTwo()
    {
        Assert.Equal(60, CadenceScaling.Median([3_600, 60, 60, 60, 59]));
        Assert.Equal(90, CadenceScaling.Median([60, 120, 3_600, 30]));
    }

    [Fact]
    public void Apply_HourlySensor_LearningAverageAndEventGapCoverTheSameTime()
    {
        var hourly = CadenceScaling.Apply(Defaults, 1.0 / 12);

        Assert.Equal(25, hourly.LearningReadings);
        Assert.Equal((25, 3), (hourly.Scorer.Likelihood.LearningPeriod, hourly.Scorer.Likelihood.ShortWindow));
        Assert.Equal((25, 25), (hourly.Scorer.Spike.LearningPeriod, hourly.Scorer.RateOfChange.LearningPeriod));
        Assert.Equal((50, Defaults.Scorer.Novelty!.Memory), (hourly.Scorer.Novelty!.LearningReadings, hourly.Scorer.Novelty.Memory));
        Assert.Equal(50, hourly.Scorer.DirectionalLearningReadings);
        Assert.Equal(25, hourly.Scorer.MinimumEventGap);
        Assert.Equal((2, 1), (hourly.Scorer.Seasonal.MinimumVisits, hourly.Scorer.WeeklySeasonal!.MinimumVisits));
        Assert.Equal((Defaults.Scorer.Seasonal.Adaptation, Defaults.Scorer.WeeklySeasonal!.Adaptation), (hourly.Scorer.Seasonal.Adaptation, hourly.Scorer.WeeklySeasonal.Adaptation));
        Assert.Equal(Defaults.Scorer.Likelihood.Memory, hourly.Scorer.Likelihood.Memory);
        Assert.Equal((Defaults.StuckReadings, Defaults.Scorer.QuietReadings), (hourly.StuckReadings, hourly.Scorer.QuietReadings));
    }

    [Fact]
    public void Apply_VerySlowSensor_KeepsTheFloors()
    {
        var slow = CadenceScaling.Apply(Defaults, 1e-4);

        Assert.Equal(CadenceScaling.DefaultAveragingFloor, slow.Scorer.Likelihood.ShortWindow);
        Assert.Equal(CadenceScaling.MinimumLearningReadings, slow.Scorer.Likelihood.LearningPeriod);
        Assert.Equal(1, slow.Scorer.MinimumEventGap);
        slow.Validate();
    }

    [Fact]
    public void Apply_ScaledAveragingFloorSet_ShortAverageKeepsThatFloor()
    {
        var hourly = CadenceScaling.Apply(Defaults with { ScaledAveragingFloor = 6 }, 1.0 / 12);
        var slow = CadenceScaling.Apply(Defaults with { ScaledAveragingFloor = 1 }, 1e-4);

        Assert.Equal(6, hourly.Scorer.Likelihood.ShortWindow);
        Assert.Equal(1, slow.Scorer.Likelihood.ShortWindow);
        Assert.Throws<ArgumentOutOfRangeException>(() => (Defaults with { ScaledAveragingFloor = 0 }).Validate());
    }

    [Fact]
    public void Apply_ScaleOne_SettingsUnchangedAndScaleOutOfRangeRefused()
    {
        Assert.Same(Defaults, CadenceScaling.Apply(Defaults, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CadenceScaling.Apply(Defaults, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CadenceScaling.Apply(Defaults, 0));
    }

    [Fact]
    public void Score_HourlyReadings_CadenceLearntFromTheFirstTenGaps()
    {
        var hourly = new SensorPipeline(Defaults);
        var minutely = new SensorPipeline(Defaults);

        Run(hourly, Series(TimeSpan.FromHours(1), 10));
        var beforeTenthGap = hourly.State.CadenceScale;
        Run(hourly, Series(TimeSpan.FromHours(1), 12).Skip(10));
        Run(minutely, Series(TimeSpan.FromMinutes(1), 12));

        Assert.Equal(0, beforeTenthGap);
        Assert.Equal(1.0 / 12, hourly.State.CadenceScale, 12);
        Assert.Empty(hourly.State.CadenceGaps);
        Assert.Equal(1, minutely.State.CadenceScale);
    }

    [Fact]
    public void Score_HourlySensorPastADay_JudgesWhatTheUnscaledSensorStillLearnsFrom()
    {
        var scaled = Run(new SensorPipeline(Defaults), Series(TimeSpan.FromHours(1)));
        var unscaled = Run(new SensorPipeline(Defaults with { ReferenceCadence = null }), Series(TimeSpan.FromHours(1)));

        Assert.Contains(scaled, alert => alert.Offset == 60 && alert.Phase == AlertTransition.Start);
        Assert.DoesNotContain(unscaled, alert => alert.Offset == 60);
    }

    [Fact]
    public void Score_HourlySensorWithADailyPattern_ItsDailyProfileSpeaksFromTheThirdDay()
    {
        // Hourly readings of a daily cycle whose fourth day goes flat at its mean: the forecast (the last value) follows
        // the flat day at once, so only the time-of-day profile, which expects the cycle, can call it. With its visits
        // unscaled (every other count scaled), each hourly slot needs 24 visits (24 days) before it speaks; scaled to the
        // cadence, 2 (two days), as at 5-minute readings.
        var readings = Enumerable.Range(0, 24 * 6).Select(t => new SensorPipelineReading(
            ScoringSeries.Start + TimeSpan.FromHours(t),
            [t / 24 == 3 ? 20 : 20 + (10 * Math.Sin(2 * Math.PI * t / 24))],
            0,
            t)).ToArray();

        var hourly = CadenceScaling.Apply(Defaults, 1.0 / 12) with { ReferenceCadence = null };
        var visitsUnscaled = hourly with
        {
            Scorer = hourly.Scorer with { Seasonal = hourly.Scorer.Seasonal with { MinimumVisits = Defaults.Scorer.Seasonal.MinimumVisits } },
        };

        var scaled = Run(new SensorPipeline(Defaults), readings);
        var unscaled = Run(new SensorPipeline(visitsUnscaled), readings);

        Assert.Contains(scaled, alert => alert.Kind == PipelineAlertKind.Anomaly && alert.Phase == AlertTransition.Start && alert.Offset / 24 == 3);
        Assert.DoesNotContain(unscaled, alert => alert.Kind == PipelineAlertKind.Anomaly && alert.Offset / 24 == 3);
    }

    [Fact]
    public void Score_HourlyOneByOneOrAllAtOnce_SameState()
    {
        var stepwise = new SensorPipeline(Defaults);
        var whole = new SensorPipeline(Defaults);
        Run(stepwise, Series(TimeSpan.FromHours(1)));
        var inputs = whole.Normalize(Series(TimeSpan.FromHours(1)));
        var forecasts = inputs.Values.SelectMany(value => new[] { value, value }).ToArray();
        whole.Score(inputs, forecasts, 0, 1, false, ScoringSeries.Start);

        Assert.Equal(stepwise.Save(), whole.Save());
    }
}
