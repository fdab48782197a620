using StreamRnn.Models.Checkpoints;
using StreamRnn.Models;
using StreamRnn.Training.Offline;
using StreamRnn.Scoring;
using StreamRnn.Training.Tests;
using StreamRnn.Training;
using TorchSharp;

namespace StreamRnn.Training.Tests.Offline;

[Collection(nameof(TrainingTestGroup))]
public sealed class SeriesScorerTests(OfflineModels models) : IClassFixture<OfflineModels>
{
    private const double AlertThreshold = 0.999995;

    [Fact]
    public void Score_CausalTrainedModel_EqualsStepByStepReplay()
    {
        var series = TrainingData.NoisySine("replay", 400, OfflineModels.Period, OfflineModels.Noise, seed: 31);
        using var scorer = new SeriesScorer(models.Checkpoint) { ChunkSteps = 150 };

        var result = scorer.Score(series, OfflineScoringMode.Causal, TestContext.Current.CancellationToken);

        AssertEqualsReplay(Replay(models.Checkpoint, series), result, series);
        Assert.Contains(result.Rows, row => row.Score > 0);
    }

    [Fact]
    public void Score_CausalTwoChannelLstm_EqualsStepByStepReplay()
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
        using var scorer = new SeriesScorer(checkpoint) { ChunkSteps = 64 };

        var result = scorer.Score(series, cancellationToken: TestContext.Current.CancellationToken);

        AssertEqualsReplay(Replay(checkpoint, series), result, series);
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

        var alerting = result.Rows.Where(row => row.Score >= scorer.ScorerSettings.Threshold).ToList();
        var start = Assert.Single(alerting);
        Assert.InRange(start.Step, ShiftAt, ShiftAt + 20);
        Assert.Equal(start.Step, result.MaxScoreStep);
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
            Assert.All(result.Rows, row => Assert.True(row.Score < scorer.ScorerSettings.Threshold, $"row {row.Step} scores {row.Score}"));
            Assert.All(result.Rows.Take(scorer.ScorerSettings.Likelihood.LearningPeriod), row => Assert.Equal(0, row.Score));
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

    /// <summary>SensorGrain's arithmetic, one reading at a time, with the state carried as floats as the batcher does.</summary>
    private static List<(double Expected, double Score)> Replay(ModelCheckpoint checkpoint, TimeSeries series)
    {
        using var model = ModelCheckpoints.Restore(checkpoint);
        model.eval();
        var channels = series.Channels;
        var moments = new RunningMoments[channels];
        var sensor = new SensorScorer(SensorScorerSettings.Default);
        float[] lastForecast = [];
        float[]? state = null;
        var rows = new List<(double Expected, double Score)>(series.Steps);
        for (var t = 0; t < series.Steps; t++)
        {
            var before = moments[0];
            var input = new float[channels];
            for (var c = 0; c < channels; c++)
            {
                input[c] = OnlineNormalizer.Normalize(moments[c], series[t, c]);
                moments[c] = OnlineNormalizer.Update(moments[c], series[t, c]);
            }

            double value = series[t, 0];
            double? forecast = lastForecast.Length == 0 ? null : OnlineNormalizer.Denormalize(before, lastForecast[0]);
            var score = sensor.Step(value, series.Timestamps![t], forecast).Score;
            rows.Add((forecast ?? value, score));
            using var scope = torch.NewDisposeScope();
            using var inference = torch.inference_mode();
            var stateTensor = state is null ? null : torch.tensor(state, [1, state.Length]);
            var (forecasts, next) = model.Forecast(torch.tensor(input, [1, 1, channels]), stateTensor);
            lastForecast = forecasts.data<float>().ToArray();
            state = next.data<float>().ToArray();
        }

        return rows;
    }

    /// <summary>
    /// Expected values match the step-by-step replay to float32 rounding (one T-step forward and T one-step forwards
    /// round differently in the last bits), scores to that rounding times the scorer's slope; fed the offline values,
    /// timestamps and expected values, the live scorer gives the offline scores exactly.
    /// </summary>
    private static void AssertEqualsReplay(List<(double Expected, double Score)> replay, SeriesScoringResult result, TimeSeries series)
    {
        Assert.Equal(replay.Count, result.Rows.Count);
        var sensor = new SensorScorer(SensorScorerSettings.Default);
        for (var t = 0; t < replay.Count; t++)
        {
            var row = result.Rows[t];
            Assert.Equal(t, row.Step);
            Assert.Equal(series.Timestamps![t], row.Timestamp);
            Assert.Equal(Math.Abs(row.Value - row.Expected), row.Error);
            Assert.True(Math.Abs(row.Expected - replay[t].Expected) <= 1e-5, $"row {t}: expected {row.Expected} vs replay {replay[t].Expected}");
            Assert.True(Math.Abs(row.Score - replay[t].Score) <= 1e-6, $"row {t}: score {row.Score} vs replay {replay[t].Score}");
            var rescored = sensor.Step(row.Value, row.Timestamp!.Value, t == 0 ? null : row.Expected).Score;
            Assert.Equal(rescored, row.Score);
        }
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
