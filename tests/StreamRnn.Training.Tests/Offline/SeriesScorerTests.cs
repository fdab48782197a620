using StreamRnn.Models.Checkpoints;
using StreamRnn.Models;
using StreamRnn.Training.Offline;
using StreamRnn.Scoring;
using StreamRnn.Training.Tests;
using StreamRnn.Training;

namespace StreamRnn.Training.Tests.Offline;

[Collection(nameof(TrainingTestGroup))]
public sealed class SeriesScorerTests(OfflineModels models) : IClassFixture<OfflineModels>
{
    private const double AlertThreshold = 0.999995;

    [Fact]
    public void Score_CausalTrainedModelInShortChunks_EqualsOneForwardPass()
    {
        var series = TrainingData.NoisySine("replay", 400, OfflineModels.Period, OfflineModels.Noise, seed: 31);
        using var chunked = new SeriesScorer(models.Checkpoint) { ChunkSteps = 150 };
        using var whole = new SeriesScorer(models.Checkpoint);

        var result = chunked.Score(series, OfflineScoringMode.Causal, TestContext.Current.CancellationToken);

        AssertClose(whole.Score(series, OfflineScoringMode.Causal, TestContext.Current.CancellationToken), result, series);
        Assert.Contains(result.Rows, row => row.Score > 0);
    }

    [Fact]
    public void Score_CausalTwoChannelLstmInShortChunks_EqualsOneForwardPass()
    {
        using var model = new RecurrentForecaster(new ModelShape(RecurrentCellKind.Lstm, Channels: 2, HiddenSize: 6, Layers: 2, Horizon: 3), seed: 8);
        var checkpoint = ModelCheckpoints.Capture(model, [], new Dictionary<string, string>());
        var random = new Random(12);
        var values = new float[300, 2];
        for (var t = 0; t < 300; t++)
        {
            values[t, 0] = (float)(5 + Math.Sin(t / 4.0) + (0.1 * random.NextDouble()));
            values[t, 1] = (float)(-20 + (3 * random.NextDouble()));
        }

        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var series = new TimeSeries("two", values, [.. Enumerable.Range(0, 300).Select(t => start.AddMinutes(t))]);
        using var chunked = new SeriesScorer(checkpoint) { ChunkSteps = 64 };
        using var whole = new SeriesScorer(checkpoint);

        var result = chunked.Score(series, cancellationToken: TestContext.Current.CancellationToken);

        AssertClose(whole.Score(series, cancellationToken: TestContext.Current.CancellationToken), result, series);
    }

    [Theory]
    [InlineData(OfflineScoringMode.Causal)]
    [InlineData(OfflineScoringMode.Bidirectional)]
    public void Score_SpikeAfterLearningPeriod_SpikeRowHasTheLargestErrorAroundIt(OfflineScoringMode mode)
    {
        const int SpikeAt = 800;
        var clean = TrainingData.NoisySine("spiky", 1500, OfflineModels.Period, OfflineModels.Noise, seed: 41);
        var values = Values(clean);
        values[SpikeAt] += (float)(8 * StandardDeviation(values));
        using var scorer = new SeriesScorer(models.Checkpoint);

        var result = scorer.Score(TimeSeries.FromValues("spiky", values, clean.Timestamps), mode, TestContext.Current.CancellationToken);

        var spike = result.Rows[SpikeAt];
        for (var step = SpikeAt - 10; step <= SpikeAt + 10; step++)
        {
            if (step != SpikeAt)
            {
                Assert.True(result.Rows[step].Error < spike.Error, $"row {step} error {result.Rows[step].Error} ≥ spike {spike.Error}");
                if (mode == OfflineScoringMode.Bidirectional)
                {
                    Assert.True(result.Rows[step].Score <= spike.Score, $"row {step} scores {result.Rows[step].Score} > spike {spike.Score}");
                }
            }
        }

        // Bidirectional scores every row's error; a live sensor (causal) reports a lone spike as a Spike alert, not
        // as an anomaly event.
        if (mode == OfflineScoringMode.Bidirectional)
        {
            Assert.True(spike.Score >= 0.999, $"spike score {spike.Score}");
        }
    }

    [Fact]
    public void Score_CausalLevelShift_StartsOneEventAtTheShiftScoredOnItsFirstRowOnly()
    {
        const int ShiftAt = 1000;
        var clean = TrainingData.NoisySine("shift", 1600, OfflineModels.Period, OfflineModels.Noise, seed: 83);
        var series = TimeSeries.FromValues("shift", [.. Values(clean).Select((value, t) => t >= ShiftAt ? value + 2f : value)], clean.Timestamps);
        using var scorer = new SeriesScorer(models.Checkpoint);

        var result = scorer.Score(series, OfflineScoringMode.Causal, TestContext.Current.CancellationToken);

        var alerting = result.Rows.Where(row => row.Score >= scorer.PipelineSettings.Scorer.Threshold).ToList();
        var start = Assert.Single(alerting);
        Assert.InRange(start.Step, ShiftAt, ShiftAt + 20);
        Assert.Equal(start.Step, result.MaxScoreStep);
        var anomaly = Assert.Single(result.Alerts, alert => alert.Kind == PipelineAlertKind.Anomaly && alert.Phase == AlertTransition.Start);
        Assert.Equal(start.Step, anomaly.Offset);
    }

    [Fact]
    public void Score_CausalWithoutTimestamps_ThrowsNamingTheSeries()
    {
        using var scorer = new SeriesScorer(models.Checkpoint);
        var series = TimeSeries.FromValues("untimed", [1f, 2f, 3f]);

        var exception = Assert.Throws<ArgumentException>(() => scorer.Score(series, OfflineScoringMode.Causal, TestContext.Current.CancellationToken));

        Assert.Contains("'untimed' has no timestamps", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OfflineScoringMode.Causal)]
    [InlineData(OfflineScoringMode.Bidirectional)]
    public void Score_CleanStationarySeries_AlmostNoRowReachesTheAlertThreshold(OfflineScoringMode mode)
    {
        var series = TrainingData.NoisySine("clean", 5000, OfflineModels.Period, OfflineModels.Noise, seed: 51);
        using var scorer = new SeriesScorer(models.Checkpoint);

        var result = scorer.Score(series, mode, TestContext.Current.CancellationToken);

        if (mode == OfflineScoringMode.Causal)
        {
            // The live rule: no anomaly event on clean data, and silence while the likelihood learns.
            Assert.All(result.Rows, row => Assert.True(row.Score < scorer.PipelineSettings.Scorer.Threshold, $"row {row.Step} scores {row.Score}"));
            Assert.All(result.Rows.Take(scorer.PipelineSettings.Scorer.Likelihood.LearningPeriod), row => Assert.Equal(0, row.Score));
        }
        else
        {
            var quiet = result.Rows.Count(row => row.Score < AlertThreshold) / (double)result.Rows.Count;
            Assert.True(quiet >= 0.998, $"{quiet:P2} of rows below {AlertThreshold}");
            Assert.All(result.Rows.Take(ForecastErrorScorer.LearningPeriod), row => Assert.Equal(0, row.Score));
        }
    }

    [Fact]
    public void Score_CleanSeries_BidirectionalReconstructsBetterThanCausalForecasts()
    {
        var series = TrainingData.NoisySine("clean", 2000, OfflineModels.Period, OfflineModels.Noise, seed: 61);
        using var scorer = new SeriesScorer(models.Checkpoint);

        var causal = scorer.Score(series, OfflineScoringMode.Causal, TestContext.Current.CancellationToken);
        var bidirectional = scorer.Score(series, OfflineScoringMode.Bidirectional, TestContext.Current.CancellationToken);

        // After the online normaliser's warm-up, so the comparison is of the models, not of the normalisations.
        var causalError = causal.Rows.Skip(200).Average(row => row.Error);
        var bidirectionalError = bidirectional.Rows.Skip(200).Average(row => row.Error);
        Assert.True(bidirectionalError < causalError, $"bidirectional {bidirectionalError:F4} vs causal {causalError:F4}");
        Assert.Equal(causal.Rows.Skip(1).Average(row => row.Error), causal.MeanError, 1e-12);
        Assert.Equal(bidirectional.Rows.Max(row => row.Score), bidirectional.MaxScore);
        Assert.Equal(bidirectional.MaxScore, bidirectional.Rows[bidirectional.MaxScoreStep].Score);
    }

    [Fact]
    public void Score_LevelShift_BidirectionalFlagsTheOnsetAndEstimatesTheRowsAfterItBetter()
    {
        const int ShiftAt = 1000;
        var clean = TrainingData.NoisySine("shift", 2000, OfflineModels.Period, OfflineModels.Noise, seed: 81);
        var series = TimeSeries.FromValues("shift", [.. Values(clean).Select((value, t) => t >= ShiftAt ? value + 2f : value)], clean.Timestamps);
        using var scorer = new SeriesScorer(models.Checkpoint);

        var causal = scorer.Score(series, OfflineScoringMode.Causal, TestContext.Current.CancellationToken);
        var bidirectional = scorer.Score(series, OfflineScoringMode.Bidirectional, TestContext.Current.CancellationToken);

        Assert.InRange(bidirectional.MaxScoreStep, ShiftAt - 2, ShiftAt + 2);
        Assert.True(bidirectional.MaxScore >= AlertThreshold, $"onset score {bidirectional.MaxScore}");
        var bidirectionalAlarms = Alarms(bidirectional, ShiftAt + 1, 100);
        var causalError = causal.Rows.Skip(ShiftAt + 1).Take(100).Average(row => row.Error);
        var bidirectionalError = bidirectional.Rows.Skip(ShiftAt + 1).Take(100).Average(row => row.Error);
        Assert.True(bidirectionalAlarms <= 5, $"bidirectional alarms in the 100 rows after the onset: {bidirectionalAlarms}");
        Assert.True(bidirectionalError * 2 < causalError, $"mean error in the 100 rows after the onset: bidirectional {bidirectionalError:F4}, causal {causalError:F4}");
    }

    [Fact]
    public void Score_BidirectionalSeriesShorterThanTheWindow_ScoresEveryRowWithTimestamps()
    {
        var series = TrainingData.NoisySine("short", 10, OfflineModels.Period, OfflineModels.Noise, seed: 71);
        using var scorer = new SeriesScorer(models.Checkpoint);

        var result = scorer.Score(series, OfflineScoringMode.Bidirectional, TestContext.Current.CancellationToken);

        Assert.Equal(24, scorer.WindowLength);
        Assert.Equal(10, result.Rows.Count);
        Assert.Equal(series.Timestamps, result.Rows.Select(row => row.Timestamp!.Value));
        Assert.All(result.Rows, row => Assert.True(double.IsFinite(row.Expected) && Math.Abs(row.Value - row.Expected) == row.Error));
    }

    [Fact]
    public void Score_BidirectionalWithoutScorer_ThrowsCheckpointException()
    {
        using var scorer = new SeriesScorer(models.ForecasterOnly);
        var series = TrainingData.NoisySine("any", 100, OfflineModels.Period, OfflineModels.Noise, seed: 1);

        var exception = Assert.Throws<CheckpointException>(() => scorer.Score(series, OfflineScoringMode.Bidirectional, TestContext.Current.CancellationToken));

        Assert.False(scorer.HasBidirectionalScorer);
        Assert.Contains("bidirectional scorer", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WrongChannelCount_ThrowsNamingTheSeries()
    {
        using var scorer = new SeriesScorer(models.Checkpoint);
        var series = new TimeSeries("wide", new float[5, 2]);

        var exception = Assert.Throws<ArgumentException>(() => scorer.Score(series, OfflineScoringMode.Causal, TestContext.Current.CancellationToken));

        Assert.Contains("'wide' has 2 channels", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_CancelledToken_Throws()
    {
        using var scorer = new SeriesScorer(models.Checkpoint);
        var series = TrainingData.NoisySine("any", 100, OfflineModels.Period, OfflineModels.Noise, seed: 1);

        Assert.ThrowsAny<OperationCanceledException>(() => scorer.Score(series, OfflineScoringMode.Causal, new CancellationToken(canceled: true)));
    }

    [Theory]
    [InlineData(100, 32)]
    [InlineData(64, 32)]
    [InlineData(33, 32)]
    [InlineData(32, 32)]
    [InlineData(1000, 7)]
    public void WindowStarts_AnyLength_CoversEveryRowWithHalfWindowOverlap(int steps, int length)
    {
        var starts = SeriesScorer.WindowStarts(steps, length);

        Assert.Equal(0, starts[0]);
        Assert.Equal(steps - length, starts[^1]);
        for (var i = 1; i < starts.Count; i++)
        {
            Assert.InRange(starts[i] - starts[i - 1], 1, length / 2);
        }
    }

    /// <summary>
    /// Expected values agree to float32 rounding (a state carried between forward passes rounds differently in the last
    /// bits), scores to that rounding times the scorer's slope; alerts exactly. (That live sensors publish these scores
    /// is SensorGrainOfflineEquivalenceTests' business, in StreamRnn.Grains.Tests.)
    /// </summary>
    private static void AssertClose(SeriesScoringResult expected, SeriesScoringResult result, TimeSeries series)
    {
        Assert.Equal(expected.Rows.Count, result.Rows.Count);
        for (var t = 0; t < expected.Rows.Count; t++)
        {
            var row = result.Rows[t];
            Assert.Equal(t, row.Step);
            Assert.Equal(series.Timestamps![t], row.Timestamp);
            Assert.Equal(Math.Abs(row.Value - row.Expected), row.Error);
            Assert.True(Math.Abs(row.Expected - expected.Rows[t].Expected) <= 1e-5, $"row {t}: expected {row.Expected} vs {expected.Rows[t].Expected}");
            Assert.True(Math.Abs(row.Score - expected.Rows[t].Score) <= 1e-6, $"row {t}: score {row.Score} vs {expected.Rows[t].Score}");
        }

        Assert.Equal(expected.Alerts.Select(a => (a.Kind, a.Phase, a.Offset)), result.Alerts.Select(a => (a.Kind, a.Phase, a.Offset)));
    }

    private static int Alarms(SeriesScoringResult result, int from, int count)
    {
        return result.Rows.Skip(from).Take(count).Count(row => row.Score >= AlertThreshold);
    }

    private static float[] Values(TimeSeries series)
    {
        return [.. Enumerable.Range(0, series.Steps).Select(t => series[t, 0])];
    }

    private static double StandardDeviation(float[] values)
    {
        var mean = values.Average(value => (double)value);
        return Math.Sqrt(values.Average(value => (value - mean) * (value - mean)));
    }
}
