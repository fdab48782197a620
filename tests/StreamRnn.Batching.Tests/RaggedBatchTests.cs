using Microsoft.Extensions.Time.Testing;
using StreamRnn.Models;
using StreamRnn.Tests.Shared;
using TorchSharp;

namespace StreamRnn.Batching.Tests;

public sealed class RaggedBatchTests
{
    private static readonly ModelShape Shape = new(RecurrentCellKind.Gru, Channels: 2, HiddenSize: 4, Layers: 1, Horizon: 3);
    private static readonly int[] RaggedLengths = [4, 1, 7, 3];

    [Fact]
    public void Pack_SequencesOfDifferentLengths_PadsEveryRowToTheLongest()
    {
        float[] state = [9, 9, 9, 9];
        var requests = Requests(([1, 2], 1, null), ([3, 4, 5, 6, 7, 8], 3, state), ([10, 11, 12, 13], 2, null));

        var batch = RaggedBatch.Pack(requests, Shape);

        Assert.Equal(3, batch.Count);
        Assert.Equal(3, batch.Longest);
        Assert.Equal(6, batch.TotalSteps);
        Assert.Equal([1L, 3L, 2L], batch.Lengths);
        Assert.Equal(
            [1, 2, 0, 0, 0, 0, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 0, 0],
            batch.Inputs);
        Assert.Equal([0, 0, 0, 0, 9, 9, 9, 9, 0, 0, 0, 0], batch.States);
    }

    [Fact]
    public void Unpack_PackedOutputs_GivesEachRequestItsOwnForecastsAndState()
    {
        var requests = Requests((new float[2], 1, null), (new float[6], 3, null), (new float[4], 2, null));
        var batch = RaggedBatch.Pack(requests, Shape);
        var forecasts = Enumerable.Range(0, 6 * Shape.Horizon).Select(i => (float)i).ToArray();
        var finalStates = Enumerable.Range(100, 3 * Shape.StateSize).Select(i => (float)i).ToArray();

        var results = batch.Unpack(forecasts, finalStates, modelVersion: 7);

        Assert.Equal([0, 1, 2], results[0].Forecasts);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10, 11], results[1].Forecasts);
        Assert.Equal([12, 13, 14, 15, 16, 17], results[2].Forecasts);
        Assert.Equal([100, 101, 102, 103], results[0].State);
        Assert.Equal([108, 109, 110, 111], results[2].State);
        Assert.All(results, result => Assert.Equal(7, result.ModelVersion));
        Assert.All(results, result => Assert.Equal(3, result.BatchSize));
    }

    [Fact]
    public void Forward_SequencesOfDifferentLengths_RoundTripToEachSequencesOwnForecast()
    {
        using var model = new RecurrentForecaster(Shape, 4242);
        model.eval();
        var random = new Random(5);
        var sequences = RaggedLengths.Select(steps => TestValues.RandomValues(random, steps * Shape.Channels)).ToArray();
        var requests = sequences.Select(values => new PendingStep(values, values.Length / Shape.Channels, null, 0)).ToList();
        var batch = RaggedBatch.Pack(requests, Shape);

        var (forecasts, finalStates) = batch.Forward(model, torch.CPU);
        var results = batch.Unpack(forecasts, finalStates, model.ModelVersion);

        for (var i = 0; i < sequences.Length; i++)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var steps = sequences[i].Length / Shape.Channels;
            var (expected, expectedState) = model.Forecast(torch.tensor(sequences[i], [1, steps, Shape.Channels]), null);
            AssertClose(expected.contiguous().data<float>().ToArray(), results[i].Forecasts);
            AssertClose(expectedState.contiguous().data<float>().ToArray(), results[i].State);
        }
    }

    private static List<PendingStep> Requests(params (float[] Inputs, int Steps, float[]? State)[] requests)
    {
        var time = new FakeTimeProvider();
        return [.. requests.Select(r => new PendingStep(r.Inputs, r.Steps, r.State, time.GetTimestamp()))];
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-5f);
        }
    }
}
