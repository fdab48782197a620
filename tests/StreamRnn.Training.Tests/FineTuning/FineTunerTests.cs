using System.Globalization;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Training.FineTuning;
using StreamRnn.Models;
using StreamRnn.Training.Tests;
using StreamRnn.Training;
using TorchSharp;

namespace StreamRnn.Training.Tests.FineTuning;

[Collection(nameof(TrainingTestGroup))]
public sealed class FineTunerTests
{
    private const int Horizon = 3;
    private const int Steps = 64;

    private static readonly Dictionary<string, string> Metadata = new() { ["source"] = "test" };

    private static ModelShape Shape(int hiddenSize = 16, int layers = 1, double dropout = 0, int channels = 1) =>
        new(RecurrentCellKind.Gru, channels, hiddenSize, layers, Horizon) { Dropout = dropout };

    private static ModelCheckpoint Untrained(ModelShape shape, long seed = 3)
    {
        using var model = new RecurrentForecaster(shape, seed);
        var normalization = new ChannelNormalization("sine", [.. Enumerable.Repeat(0.0, shape.Channels)], [.. Enumerable.Repeat(1.0, shape.Channels)]);
        return ModelCheckpoints.Capture(model, [normalization], new Dictionary<string, string> { ["seed"] = seed.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>Windows of a noisy sine with random phases, scaled to about unit variance as an online normaliser would leave them.</summary>
    private static List<FineTuningSample> SineSamples(int count, int seed, double period = 16, int steps = Steps, int channels = 1)
    {
        var random = new Random(seed);
        var samples = new List<FineTuningSample>(count);
        for (var i = 0; i < count; i++)
        {
            var phase = random.NextDouble() * 2 * Math.PI;
            var inputs = new float[steps * channels];
            for (var t = 0; t < steps; t++)
            {
                var value = Math.Sin((2 * Math.PI * t / period) + phase) + (0.1 * ((random.NextDouble() * 2) - 1));
                inputs[t * channels] = (float)(value / 0.71);
                for (var c = 1; c < channels; c++)
                {
                    inputs[(t * channels) + c] = (float)((random.NextDouble() * 2) - 1);
                }
            }

            samples.Add(new FineTuningSample(inputs, steps, channels));
        }

        return samples;
    }

    private static FineTuningParameters Fast(int epochs = 5) => new()
    {
        Epochs = epochs,
        LearningRate = 1e-2,
        BatchSize = 16,
        Device = "cpu",
    };

    [Fact]
    public void Run_NoisySineFromUntrainedModel_CandidateLossBelow80PercentOfBaseline()
    {
        var current = Untrained(Shape());
        var train = SineSamples(160, seed: 1);
        var validation = SineSamples(40, seed: 2);

        var result = FineTuner.Run(current, train, validation, Fast(), Metadata, cancellationToken: TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"baseline {result.BaselineLoss:F4}, candidate {result.CandidateLoss:F4}, {result.Duration.TotalSeconds:F2} s");
        Assert.True(result.CandidateLoss < 0.8 * result.BaselineLoss, $"candidate {result.CandidateLoss:F4} vs baseline {result.BaselineLoss:F4}");
        Assert.True(result.WeightsFinite);
        Assert.Null(result.NonFiniteParameter);
        Assert.False(result.Cancelled);
        Assert.Equal(5, result.EpochsRun);
        Assert.Equal(160, result.TrainSamples);
        Assert.Equal(40, result.ValidationSamples);
        Assert.Equal("cpu", result.Device);
        Assert.True(result.Duration > TimeSpan.Zero);
        Assert.Equal(current.Architecture, result.Candidate.Architecture);
        Assert.Equal(current.Normalization, result.Candidate.Normalization);
        Assert.Equal(current.Parameters.Select(p => (p.Name, p.Shape)), result.Candidate.Parameters.Select(p => (p.Name, p.Shape)));
        Assert.Equal("test", result.Candidate.Metadata["source"]);
        Assert.False(result.Candidate.Metadata.ContainsKey("seed"));
        Assert.Equal(result.BaselineLoss, double.Parse(result.Candidate.Metadata[FineTuner.BaselineLossKey], CultureInfo.InvariantCulture));
        Assert.Equal(result.CandidateLoss, double.Parse(result.Candidate.Metadata[FineTuner.CandidateLossKey], CultureInfo.InvariantCulture));
        Assert.Equal("160", result.Candidate.Metadata[FineTuner.TrainSamplesKey]);
        Assert.Equal("40", result.Candidate.Metadata[FineTuner.ValidationSamplesKey]);
        Assert.Equal("5", result.Candidate.Metadata[FineTuner.EpochsKey]);
        Assert.Equal(result.CandidateLoss, FineTuner.EvaluateLoss(result.Candidate, validation, "cpu"));
    }

    [Theory]
    [InlineData(RecurrentCellKind.Gru)]
    [InlineData(RecurrentCellKind.Lstm)]
    public void Run_RegimeShift_CandidateBeatsTheModelTunedOnTheOldRegime(RecurrentCellKind cell)
    {
        // Tune on a sine of period 16, then the live series drifts to period 40: the old model's forecasts degrade,
        // and fine-tuning on the new regime wins them back.
        var untrained = Untrained(Shape() with { Cell = cell });
        var old = FineTuner.Run(untrained, SineSamples(96, seed: 1), SineSamples(24, seed: 2), Fast(), Metadata, cancellationToken: TestContext.Current.CancellationToken);
        var drifted = SineSamples(96, seed: 3, period: 40);
        var driftedValidation = SineSamples(24, seed: 4, period: 40);

        var result = FineTuner.Run(old.Candidate, drifted, driftedValidation, Fast(), Metadata, cancellationToken: TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{cell}: old regime {old.BaselineLoss:F4} -> {old.CandidateLoss:F4}; drifted baseline {result.BaselineLoss:F4} -> candidate {result.CandidateLoss:F4}, {result.Duration.TotalSeconds:F2} s");
        Assert.True(result.BaselineLoss > old.CandidateLoss, $"the drift did not hurt: {result.BaselineLoss:F4} vs {old.CandidateLoss:F4}");
        Assert.True(result.CandidateLoss < 0.8 * result.BaselineLoss, $"candidate {result.CandidateLoss:F4} vs baseline {result.BaselineLoss:F4}");
        Assert.True(result.WeightsFinite);
    }

    [Fact]
    public void Run_Always_LeavesTheCurrentCheckpointUnchanged()
    {
        var current = Untrained(Shape());
        var parameters = current.Parameters.Select(p => (p.Name, Values: (float[])p.Values.Clone())).ToList();
        var metadata = current.Metadata.ToDictionary();

        var result = FineTuner.Run(current, SineSamples(32, seed: 1), SineSamples(8, seed: 2), Fast(epochs: 2), Metadata, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(parameters, current.Parameters.Select(p => (p.Name, p.Values)));
        Assert.Equal(metadata, current.Metadata);
        Assert.NotEqual(current.Parameters.Select(p => p.Values), result.Candidate.Parameters.Select(p => p.Values));
        Assert.All(result.Candidate.Parameters.Zip(current.Parameters), pair => Assert.NotSame(pair.First.Values, pair.Second.Values));
    }

    [Fact]
    public void Run_SameSeedTwice_GivesIdenticalCandidates()
    {
        // Two layers with dropout: the run also depends on libtorch's global generator, which Run seeds.
        var current = Untrained(Shape(layers: 2, dropout: 0.2));
        var train = SineSamples(48, seed: 1);
        var validation = SineSamples(8, seed: 2);

        var first = FineTuner.Run(current, train, validation, Fast(epochs: 2), Metadata, cancellationToken: TestContext.Current.CancellationToken);
        var second = FineTuner.Run(current, train, validation, Fast(epochs: 2), Metadata, cancellationToken: TestContext.Current.CancellationToken);
        var other = FineTuner.Run(current, train, validation, Fast(epochs: 2) with { Seed = 18 }, Metadata, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Candidate.Parameters.Select(p => p.Values), second.Candidate.Parameters.Select(p => p.Values));
        Assert.Equal(first.CandidateLoss, second.CandidateLoss);
        Assert.Equal(first.BaselineLoss, other.BaselineLoss);
        Assert.NotEqual(first.Candidate.Parameters.Select(p => p.Values), other.Candidate.Parameters.Select(p => p.Values));
    }

    [Fact]
    public void FindNonFiniteParameter_NaNInOneParameter_NamesIt()
    {
        var current = Untrained(Shape());
        var values = (float[])current.Parameters[2].Values.Clone();
        values[1] = float.NaN;
        var damaged = current with { Parameters = [.. current.Parameters.Select((p, i) => i == 2 ? p with { Values = values } : p)] };

        Assert.Null(FineTuner.FindNonFiniteParameter(current));
        Assert.Equal(current.Parameters[2].Name, FineTuner.FindNonFiniteParameter(damaged));
    }

    [Fact]
    public void Run_AbsurdLearningRate_ReportsNonFiniteWeightsWithoutThrowing()
    {
        var current = Untrained(Shape());
        var parameters = Fast(epochs: 2) with { LearningRate = 1e30, GradientClipNorm = 0 };

        var result = FineTuner.Run(current, SineSamples(32, seed: 1), SineSamples(8, seed: 2), parameters, Metadata, cancellationToken: TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"non-finite parameter {result.NonFiniteParameter ?? "(none)"}, candidate loss {result.CandidateLoss}");
        Assert.False(result.WeightsFinite);
        Assert.Equal(FineTuner.FindNonFiniteParameter(result.Candidate), result.NonFiniteParameter);
        Assert.False(double.IsFinite(result.CandidateLoss));
        Assert.True(double.IsFinite(result.BaselineLoss));
    }

    [Fact]
    public void Run_EmptyValidationSet_Throws()
    {
        var current = Untrained(Shape());

        var exception = Assert.Throws<ArgumentException>(() =>
            FineTuner.Run(current, SineSamples(8, seed: 1), [], Fast(), Metadata, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("validation", exception.ParamName);
    }

    [Fact]
    public void Run_EmptyTrainingSetOrOnlySamplesNoLongerThanTheHorizon_Throws()
    {
        var current = Untrained(Shape());
        var tooShort = SineSamples(4, seed: 1, steps: Horizon);

        var empty = Assert.Throws<ArgumentException>(() =>
            FineTuner.Run(current, [], SineSamples(8, seed: 2), Fast(), Metadata, cancellationToken: TestContext.Current.CancellationToken));
        var short_ = Assert.Throws<ArgumentException>(() =>
            FineTuner.Run(current, tooShort, SineSamples(8, seed: 2), Fast(), Metadata, cancellationToken: TestContext.Current.CancellationToken));
        var shortValidation = Assert.Throws<ArgumentException>(() => FineTuner.EvaluateLoss(current, tooShort, "cpu"));

        Assert.Equal("train", empty.ParamName);
        Assert.Equal("train", short_.ParamName);
        Assert.Equal("samples", shortValidation.ParamName);
    }

    [Fact]
    public void Run_SampleWithOtherChannelCount_Throws()
    {
        var current = Untrained(Shape());

        var exception = Assert.Throws<ArgumentException>(() =>
            FineTuner.Run(current, SineSamples(8, seed: 1, channels: 2), SineSamples(8, seed: 2), Fast(), Metadata, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("train", exception.ParamName);
        Assert.Contains("2 channels", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_EveryCompleteEpoch_IsReportedWithItsTrainingLoss()
    {
        var current = Untrained(Shape());
        var epochs = new List<FineTuningEpoch>();

        FineTuner.Run(current, SineSamples(32, seed: 1), SineSamples(8, seed: 2), Fast(epochs: 3), Metadata, epochs.Add, TestContext.Current.CancellationToken);

        Assert.Equal([1, 2, 3], epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.Equal(3, e.Epochs));
        Assert.All(epochs, e => Assert.True(double.IsFinite(e.TrainingLoss) && e.TrainingLoss > 0));
        Assert.True(epochs[^1].TrainingLoss < epochs[0].TrainingLoss, $"loss {epochs[0].TrainingLoss} -> {epochs[^1].TrainingLoss}");
    }

    [Fact]
    public void Run_CancelledBeforeStart_StopsBeforeTheFirstBatchWithTheCurrentWeights()
    {
        var current = Untrained(Shape());

        var result = FineTuner.Run(current, SineSamples(32, seed: 1), SineSamples(8, seed: 2), Fast(), Metadata, cancellationToken: new CancellationToken(canceled: true));

        Assert.True(result.Cancelled);
        Assert.Equal(0, result.EpochsRun);
        Assert.Equal("0", result.Candidate.Metadata[FineTuner.EpochsKey]);
        Assert.Equal(current.Parameters.Select(p => p.Values), result.Candidate.Parameters.Select(p => p.Values));
        Assert.Equal(result.BaselineLoss, result.CandidateLoss);
    }

    [Fact]
    public void EvaluateLoss_CurrentCheckpoint_EqualsRunBaseline()
    {
        var current = Untrained(Shape(hiddenSize: 24));
        var validation = SineSamples(40, seed: 2);

        var result = FineTuner.Run(current, SineSamples(32, seed: 1), validation, Fast(epochs: 1), Metadata, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(result.BaselineLoss, FineTuner.EvaluateLoss(current, validation, "cpu"));
        Assert.Equal(result.BaselineLoss, FineTuner.EvaluateLoss(current, validation, "cpu", batchSize: 7), 1e-9);
    }

    [Fact]
    public void EvaluateLoss_TwoChannels_ScoresTheForecastAfterEachStepAgainstChannelZeroAhead()
    {
        var shape = Shape(hiddenSize: 8, channels: 2);
        var current = Untrained(shape);
        var samples = SineSamples(3, seed: 4, steps: 12, channels: 2);

        var loss = FineTuner.EvaluateLoss(current, samples, "cpu");

        using var model = ModelCheckpoints.Restore(current);
        model.eval();
        double sum = 0;
        var count = 0;
        foreach (var sample in samples)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var forecasts = model.Forecast(torch.tensor(sample.Inputs, [1, sample.Steps, 2]), null).Forecasts.data<float>().ToArray();
            for (var t = 0; t < sample.Steps - Horizon; t++)
            {
                for (var h = 0; h < Horizon; h++)
                {
                    var error = (double)forecasts[(t * Horizon) + h] - sample.Inputs[(t + 1 + h) * 2];
                    sum += error * error;
                    count++;
                }
            }
        }

        Assert.Equal(3 * (12 - Horizon) * Horizon, count);
        Assert.Equal(sum / count, loss, 1e-5);
    }

    [Fact]
    public void Run_SamplesOfMixedLengths_TrainsOnEveryUsableSampleAndSkipsTheShortOnes()
    {
        var current = Untrained(Shape());
        List<FineTuningSample> train = [.. SineSamples(20, seed: 1), .. SineSamples(10, seed: 3, steps: 40), .. SineSamples(3, seed: 5, steps: Horizon)];
        List<FineTuningSample> validation = [.. SineSamples(6, seed: 2, steps: 50), .. SineSamples(2, seed: 6, steps: 2)];

        var result = FineTuner.Run(current, train, validation, Fast(epochs: 2), Metadata, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(30, result.TrainSamples);
        Assert.Equal(6, result.ValidationSamples);
        Assert.Equal(2, result.EpochsRun);
        Assert.True(result.WeightsFinite);
        Assert.Equal(result.BaselineLoss, FineTuner.EvaluateLoss(current, validation, "cpu"));
    }

    [Fact]
    public void Run_CheckpointWithScorer_CarriesTheScorerWeightsUnchanged()
    {
        var shape = Shape();
        using var model = new RecurrentForecaster(shape, seed: 3);
        using var scorer = new BidirectionalScorer(shape, seed: 4);
        var current = ModelCheckpoints.Capture(model, [], new Dictionary<string, string>(), scorer);

        var result = FineTuner.Run(current, SineSamples(16, seed: 1), SineSamples(4, seed: 2), Fast(epochs: 1), Metadata, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(ModelCheckpoints.HasScorer(result.Candidate));
        var scorerParameters = current.Parameters.Where(p => p.Name.StartsWith(ModelCheckpoints.ScorerPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(scorerParameters, result.Candidate.Parameters.Where(p => p.Name.StartsWith(ModelCheckpoints.ScorerPrefix, StringComparison.Ordinal)));
        Assert.Equal(current.Parameters.Count, result.Candidate.Parameters.Count);
    }

    [Fact]
    public void FineTuningSample_WrongSizeOrNonFiniteValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FineTuningSample(new float[5], steps: 3, channels: 2));
        var exception = Assert.Throws<ArgumentException>(() => new FineTuningSample([0, 1, float.PositiveInfinity, 3], steps: 2, channels: 2));
        Assert.Contains("step 1, channel 0", exception.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => new FineTuningSample([], steps: 0, channels: 1));

        var inputs = new float[] { 1, 2 };
        var sample = new FineTuningSample(inputs, steps: 2, channels: 1);
        inputs[0] = 9;
        Assert.Equal([1f, 2f], sample.Inputs);
    }

    [Fact]
    public void FineTuningParameters_Validate_NamesTheSettingOutOfRange()
    {
        new FineTuningParameters().Validate();
        new FineTuningParameters { Device = "cuda:1", GradientClipNorm = 0 }.Validate();

        Assert.Equal("Epochs", Assert.ThrowsAny<ArgumentException>(() => new FineTuningParameters { Epochs = 0 }.Validate()).ParamName);
        Assert.Equal("LearningRate", Assert.ThrowsAny<ArgumentException>(() => new FineTuningParameters { LearningRate = 0 }.Validate()).ParamName);
        Assert.Equal("LearningRate", Assert.ThrowsAny<ArgumentException>(() => new FineTuningParameters { LearningRate = double.NaN }.Validate()).ParamName);
        Assert.Equal("BatchSize", Assert.ThrowsAny<ArgumentException>(() => new FineTuningParameters { BatchSize = 0 }.Validate()).ParamName);
        Assert.Equal("GradientClipNorm", Assert.ThrowsAny<ArgumentException>(() => new FineTuningParameters { GradientClipNorm = -1 }.Validate()).ParamName);
        Assert.Equal("Device", Assert.ThrowsAny<ArgumentException>(() => new FineTuningParameters { Device = "gpu" }.Validate()).ParamName);
    }
}
