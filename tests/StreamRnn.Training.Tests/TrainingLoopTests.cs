using StreamRnn.Models;
using StreamRnn.Training.FineTuning;
using TorchSharp;

namespace StreamRnn.Training.Tests;

[Collection(nameof(TrainingTestGroup))]
public sealed class TrainingLoopTests
{
    private const int Horizon = 2;

    [Fact]
    public void WindowBatches_Shuffle_CutsEveryTrainWindowIntoBatchesOfAtMostBatchSize()
    {
        var split = DataSplit.Create(TrainingData.Sine(steps: 300), inputLength: 8, horizon: Horizon, trainFraction: 0.7, validationFraction: 0.15);
        var batches = new WindowBatches(split.Train, batchSize: 16);

        var count = batches.Shuffle(new Random(1));
        var rows = Rows(batches, count);

        Assert.Equal((split.Train.Count + 15) / 16, count);
        Assert.Equal(split.Train.Count, rows.Sum());
        Assert.All(rows[..^1], r => Assert.Equal(16, r));
    }

    [Fact]
    public void SampleBatches_Shuffle_BatchesHoldOneLengthEachAndEverySampleOnce()
    {
        var lengths = new[] { 5, 9, 5, 7, 9, 9, 5, 7, 5, 5, 9 };
        var samples = lengths.Select((steps, i) => new FineTuningSample([.. Enumerable.Repeat((float)i, steps)], steps, 1)).ToList();
        var batches = new SampleBatches(samples, batchSize: 3, Horizon);

        var count = batches.Shuffle(new Random(2));
        var seen = new List<float>();
        for (var b = 0; b < count; b++)
        {
            using var scope = torch.NewDisposeScope();
            var (inputs, targets, rows) = batches.Get(b, torch.CPU);
            Assert.InRange(rows, 1, 3);
            Assert.Equal(rows, inputs.shape[0]);
            Assert.Equal(inputs.shape[1], targets.shape[1]);
            var values = inputs.data<float>().ToArray();
            var steps = (int)inputs.shape[1];
            for (var r = 0; r < rows; r++)
            {
                var id = values[r * steps];
                Assert.Equal(lengths[(int)id] - Horizon, steps);
                seen.Add(id);
            }
        }

        Assert.Equal(Enumerable.Range(0, samples.Count).Select(i => (float)i), seen.Order());
        Assert.Equal(2 + 1 + 2, count);
    }

    [Fact]
    public void SampleBatches_SameSeed_SameBatchOrder()
    {
        var samples = Enumerable.Range(0, 20).Select(i => new FineTuningSample([.. Enumerable.Repeat((float)i, 6 + (i % 3))], 6 + (i % 3), 1)).ToList();

        var first = FirstValues(new SampleBatches(samples, 4, Horizon), new Random(7));
        var second = FirstValues(new SampleBatches(samples, 4, Horizon), new Random(7));
        var other = FirstValues(new SampleBatches(samples, 4, Horizon), new Random(8));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Run_ScheduleWithoutValidation_Throws()
    {
        using var model = new RecurrentForecaster(new ModelShape(RecurrentCellKind.Gru, 1, 4, 1, Horizon), 1);
        var samples = new List<FineTuningSample> { new([1, 2, 3, 4, 5], 5, 1) };
        var settings = new LoopSettings(1, 1, 1e-3, 0, p => torch.optim.Adam(p), (p, t) => torch.nn.functional.mse_loss(p, t)) { EarlyStoppingPatience = 2 };

        var error = Assert.Throws<ArgumentException>(() => TrainingLoop.Run(
            model,
            new SampleBatches(samples, 1, Horizon),
            settings,
            torch.CPU,
            (inputs, targets) => (model.Forecast(inputs, null).Forecasts, targets),
            validation: null,
            epochCompleted: null,
            TestContext.Current.CancellationToken));

        Assert.Equal("settings", error.ParamName);
    }

    private static int[] Rows(WindowBatches batches, int count)
    {
        var rows = new int[count];
        for (var b = 0; b < count; b++)
        {
            using var scope = torch.NewDisposeScope();
            rows[b] = batches.Get(b, torch.CPU).Rows;
        }

        return rows;
    }

    private static List<float> FirstValues(SampleBatches batches, Random shuffle)
    {
        var values = new List<float>();
        for (var epoch = 0; epoch < 2; epoch++)
        {
            var count = batches.Shuffle(shuffle);
            for (var b = 0; b < count; b++)
            {
                using var scope = torch.NewDisposeScope();
                var inputs = batches.Get(b, torch.CPU).Inputs;
                var steps = (int)inputs.shape[1];
                var data = inputs.data<float>().ToArray();
                values.AddRange(Enumerable.Range(0, (int)inputs.shape[0]).Select(r => data[r * steps]));
            }
        }

        return values;
    }
}
