namespace StreamRnn.Scoring.Tests;

/// <summary>
/// Each kind of alert, raised through the real <see cref="SensorPipeline"/>, carries its detector's evidence with the
/// numbers that made it fire. The model is a persistence forecaster (each forecast is the last reading), the one model
/// whose errors a test can work out by hand.
/// </summary>
public sealed class AlertEvidenceTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly double[] Stuck = [7.25];

    private static SensorPipelineSettings Settings(Action<SensorOptions>? configure = null)
    {
        var options = new SensorOptions();
        configure?.Invoke(options);
        return options.ToPipelineSettings(null);
    }

    /// <summary>Feeds readings one by one, a minute apart on both clocks, and returns every alert raised.</summary>
    /// <remarks><paramref name="forecastBias"/> is added to every forecast, in the sensor's standard deviations: a model that is off.</remarks>
    private static List<PipelineAlert> Feed(SensorPipeline pipeline, IEnumerable<double[]> readings, int firstOffset = 0, float forecastBias = 0)
    {
        var alerts = new List<PipelineAlert>();
        var offset = firstOffset;
        foreach (var values in readings)
        {
            var time = ScoringSeries.Start + (offset * Minute);
            var inputs = pipeline.Normalize([new SensorPipelineReading(time, [.. values], 0, offset)]);
            float[] persistence = [inputs.Values[0] + forecastBias];
            alerts.AddRange(pipeline.Score(inputs, persistence, 0, 1, false, time).Alerts);
            offset++;
        }

        return alerts;
    }

    private static IEnumerable<double[]> Noise(int count, int seed, double level = 10)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return [level + ScoringSeries.Gaussian(random)];
        }
    }

    [Fact]
    public void Score_StuckRun_RunLengthEqualsTheIdenticalReadingsFed()
    {
        var pipeline = new SensorPipeline(Settings());
        Feed(pipeline, Noise(400, 1));

        var alerts = Feed(pipeline, Enumerable.Repeat(Stuck, 30), firstOffset: 400);

        var stuck = Assert.Single(alerts, a => a.Kind == PipelineAlertKind.Stuck);
        var evidence = Assert.IsType<AlertEvidence>(stuck.Evidence);
        var identicalFed = stuck.Offset - 400 + 1;
        Assert.Equal(AlertEvidence.RunMeasure, evidence.Measure);
        Assert.Equal(identicalFed, evidence.Observed);
        Assert.Equal(new SensorOptions().StuckReadings + 1, evidence.Upper);
        Assert.Equal(evidence.Upper, evidence.Observed);
        Assert.Equal(1, evidence.UsualRun);
        Assert.Null(evidence.ChannelErrors);
    }

    [Fact]
    public void CheckDropout_SilenceOf51sWhereTheGapIs10s_EvidenceIsTheSilenceTheGapAndTheLimit()
    {
        var pipeline = new SensorPipeline(Settings());
        var now = ScoringSeries.Start;
        for (var t = 0; t < 5; t++)
        {
            now = now.AddSeconds(10);
            var inputs = pipeline.Normalize([new SensorPipelineReading(now, [10 + t], 0, t)]);
            pipeline.Score(inputs, [inputs.Values[0]], 0, 1, false, now);
        }

        var dropout = pipeline.CheckDropout(now.AddSeconds(51));

        var evidence = Assert.IsType<AlertEvidence>(Assert.IsType<PipelineAlert>(dropout).Evidence);
        Assert.Equal((AlertEvidence.SilenceMeasure, 51.0, 50.0, 10.0), (evidence.Measure, evidence.Observed, evidence.Upper!.Value, evidence.UsualGapSeconds!.Value));
        Assert.Null(evidence.Lower);
    }

    [Fact]
    public void Score_ValueAboveTheConfiguredMaximum_EvidenceIsTheValueAndTheLimitCrossed()
    {
        var pipeline = new SensorPipeline(Settings(o => o.MaxValue = 14));
        Feed(pipeline, Noise(100, 2).Select(v => new[] { Math.Min(v[0], 13.5) }));

        var alerts = Feed(pipeline, [[14.75]], firstOffset: 100);

        var range = Assert.Single(alerts, a => a.Kind == PipelineAlertKind.OutOfRange);
        var evidence = Assert.IsType<AlertEvidence>(range.Evidence);
        Assert.Equal((AlertEvidence.ValueMeasure, 14.75, 14.0, 14.0), (evidence.Measure, evidence.Observed, evidence.Upper!.Value, evidence.Limit!.Value));
        Assert.Null(evidence.Lower);
    }

    [Fact]
    public void Score_RateAboveTheConfiguredLimit_EvidenceIsTheRatePerSecondAndTheLimit()
    {
        var pipeline = new SensorPipeline(Settings(o => o.MaxRatePerSecond = 0.5));
        Feed(pipeline, Enumerable.Range(0, 50).Select(t => new[] { 10 + Math.Sin(t / 5.0) }));

        // 10 + sin(50 / 5) is about 9.456; +60 in one minute is a rate of about 1/s.
        var alerts = Feed(pipeline, [[70 + Math.Sin(10.0)]], firstOffset: 50);

        var rate = Assert.Single(alerts, a => a.Kind == PipelineAlertKind.RateOfChange);
        var evidence = Assert.IsType<AlertEvidence>(rate.Evidence);
        var expectedRate = (70 + Math.Sin(10.0) - (10 + Math.Sin(49 / 5.0))) / 60;
        Assert.Equal(AlertEvidence.RateMeasure, evidence.Measure);
        Assert.Equal(expectedRate, evidence.Observed, 12);
        Assert.Equal((-0.5, 0.5, 0.5), (evidence.Lower!.Value, evidence.Upper!.Value, evidence.Limit!.Value));
    }

    [Fact]
    public void Score_SpikeOnUnitNoise_EvidenceIsTheValueAgainstTheEightSigmaBandAroundTheLevel()
    {
        var pipeline = new SensorPipeline(Settings());
        Feed(pipeline, Noise(500, 3));

        var alerts = Feed(pipeline, [[30]], firstOffset: 500);

        var spike = Assert.Single(alerts, a => a.Kind == PipelineAlertKind.Spike);
        var evidence = Assert.IsType<AlertEvidence>(spike.Evidence);
        var mean = evidence.Mean!.Value;
        var halfWidth = evidence.Upper!.Value - mean;
        Assert.Equal(AlertEvidence.ValueMeasure, evidence.Measure);
        Assert.Equal(30, evidence.Observed);
        Assert.InRange(mean, 9.7, 10.3);
        Assert.Equal(halfWidth, mean - evidence.Lower!.Value, 9);
        Assert.InRange(halfWidth, 8 * 0.8, 8 * 1.2); // 8 σ of unit noise, as estimated from 500 readings
        Assert.Equal((30 - mean) / (halfWidth / 8), evidence.Deviations!.Value, 9);
        Assert.True(evidence.Observed > evidence.Upper);
    }

    [Fact]
    public void Score_LevelJumpBeyondTheRangeSeen_AnomalyEvidenceIsThatRangeWidenedToWhereItAlerts()
    {
        var settings = Settings();
        var pipeline = new SensorPipeline(settings);
        Feed(pipeline, Noise(1_000, 4));

        var alerts = Feed(pipeline, Noise(30, 5, level: 40), firstOffset: 1_000);

        var anomaly = alerts.First(a => a.Kind == PipelineAlertKind.Anomaly && a.Phase == AlertTransition.Start);
        var evidence = Assert.IsType<AlertEvidence>(anomaly.Evidence);
        Assert.Equal(AlertEvidence.RangeBasis, evidence.Basis);
        Assert.Equal(anomaly.Value, evidence.Observed);
        Assert.InRange(evidence.Upper!.Value, 10, evidence.Observed);
        Assert.InRange(evidence.Lower!.Value, 0, 10);
        Assert.Null(evidence.StandardScore);
        Assert.True(anomaly.Score >= settings.Scorer.Threshold);
    }

    [Fact]
    public void Score_LevelJumpAfterLearning_AnomalyEvidenceIsTheSeasonalLikelihoodThatDecided()
    {
        // Without the range seen, which would decide first (the test above).
        var settings = Settings(options => options.NoveltyScale = 0);
        var pipeline = new SensorPipeline(settings);
        Feed(pipeline, Noise(1_000, 4));

        // The persistence forecaster follows the jump after one reading; the time-of-day profile does not.
        var alerts = Feed(pipeline, Noise(30, 5, level: 40), firstOffset: 1_000);

        var anomaly = alerts.First(a => a.Kind == PipelineAlertKind.Anomaly && a.Phase == AlertTransition.Start);
        var evidence = Assert.IsType<AlertEvidence>(anomaly.Evidence);
        var z = evidence.StandardScore!.Value;
        Assert.Equal("seasonal", evidence.Basis);
        Assert.Equal(anomaly.Value, evidence.Observed);
        Assert.Equal(anomaly.Value - anomaly.Expected, evidence.ForecastError!.Value, 9);
        Assert.Equal(1 - StandardNormal.UpperTail(z), evidence.Likelihood!.Value, 12);
        Assert.Equal(z / (z + settings.Scorer.SurpriseScale), anomaly.Score, 12);
        Assert.True(anomaly.Score >= settings.Scorer.Threshold);
    }

    [Fact]
    public void Score_ModelForecastOffBySixSigma_AnomalyEvidenceIsTheForecastLikelihoodAndTheErrorAgainstItsUsualSize()
    {
        var settings = Settings();
        var pipeline = new SensorPipeline(settings);
        Feed(pipeline, Noise(1_000, 4));

        // The readings stay as they were; the model's forecasts are six standard deviations too high.
        var alerts = Feed(pipeline, Noise(30, 5), firstOffset: 1_000, forecastBias: 6);

        var anomaly = alerts.First(a => a.Kind == PipelineAlertKind.Anomaly && a.Phase == AlertTransition.Start);
        var evidence = Assert.IsType<AlertEvidence>(anomaly.Evidence);
        var z = evidence.StandardScore!.Value;
        Assert.Equal("forecast", evidence.Basis);
        Assert.Equal(anomaly.Value - anomaly.Expected, evidence.ForecastError!.Value, 9);
        Assert.True(evidence.ForecastError < -4, $"forecast error {evidence.ForecastError}");
        Assert.Equal(1 - StandardNormal.UpperTail(z), evidence.Likelihood!.Value, 12);

        // The score is the deciding likelihood's surprise z / (z + scale): scale 5 for the error's size, 6 for one side.
        Assert.Contains(Math.Round(anomaly.Score, 12), new[] { Math.Round(z / (z + settings.Scorer.SurpriseScale), 12), Math.Round(z / (z + settings.Scorer.DirectionalSurpriseScale!.Value), 12) });

        // The usual error of unit noise under a persistence forecast is E|N(0, 2)| = 2/√π ≈ 1.13.
        Assert.InRange(evidence.UsualError!.Value, 1.0, 1.3);
        Assert.InRange(evidence.RecentError!.Value, evidence.UsualError.Value, double.MaxValue);
        Assert.True(evidence.Lower < anomaly.Expected && anomaly.Expected < evidence.Upper);
        Assert.True(evidence.Observed < evidence.Lower, $"{evidence.Observed} not below {evidence.Lower}");
    }

    [Fact]
    public void Score_MultichannelAlertWhereChannel2MovedMost_NamesChannel2()
    {
        var pipeline = new SensorPipeline(Settings(o => o.MaxValue = 11.5));
        static double[] Wave(int t) => [10 + Math.Sin(t / 5.0), 20 + Math.Sin(t / 7.0), 30 + Math.Sin(t / 3.0)];
        Feed(pipeline, Enumerable.Range(0, 300).Select(Wave));

        // Channel 0 crosses its limit by a little; channel 2 jumps by ten of its standard deviations (about 7).
        var reading = Wave(300);
        reading[0] = 11.6;
        reading[2] += 7;
        var alerts = Feed(pipeline, [reading], firstOffset: 300);

        var range = Assert.Single(alerts, a => a.Kind == PipelineAlertKind.OutOfRange);
        var evidence = Assert.IsType<AlertEvidence>(range.Evidence);
        var errors = Assert.IsType<double[]>(evidence.ChannelErrors);
        Assert.Equal(3, errors.Length);
        Assert.Equal(2, evidence.LargestChannel);
        Assert.Equal(0, evidence.Channel);
        Assert.InRange(errors[2], 8, 11);
        Assert.InRange(Math.Abs(errors[0]), 0, 4);
    }

    [Fact]
    public void Step_ReadingsThatRaiseNothing_BuildNoEvidence()
    {
        var scorer = new SensorScorer(ScoringSettings.Sensor);
        var random = new Random(8);
        var steps = new List<SensorScoreStep>();
        for (var i = 0; i < 2_000; i++)
        {
            // Noise, then a shift of 8 and a spike: some readings raise, most do not.
            var value = 100 + (i >= 1_500 ? 8 : 0) + (i == 1_800 ? 60 : 0) + ScoringSeries.Gaussian(random);
            steps.Add(scorer.Step(value, ScoringSeries.Start + (i * Minute), 100));
        }

        Assert.Contains(steps, s => s.AnomalyEvidence is not null);
        Assert.Contains(steps, s => s.SpikeEvidence is not null);
        Assert.All(steps, s =>
        {
            Assert.Equal(s.Anomaly is AlertTransition.Start or AlertTransition.Update, s.AnomalyEvidence is not null);
            Assert.Equal(s.Spike == AlertTransition.Start, s.SpikeEvidence is not null);
            Assert.Equal(s.RateOfChange == AlertTransition.Start, s.RateOfChangeEvidence is not null);
        });
    }

    [Fact]
    public void Score_AlertEnds_CarryNoEvidence()
    {
        var pipeline = new SensorPipeline(Settings());
        Feed(pipeline, Noise(400, 6));

        var alerts = Feed(pipeline, [.. Enumerable.Repeat(Stuck, 20), .. Noise(5, 7)], firstOffset: 400);

        Assert.Contains(alerts, a => a.Kind == PipelineAlertKind.Stuck && a.Phase == AlertTransition.End);
        Assert.All(alerts.Where(a => a.Phase == AlertTransition.End), a => Assert.Null(a.Evidence));
        Assert.All(alerts.Where(a => a.Phase != AlertTransition.End), a => Assert.NotNull(a.Evidence));
    }
}
