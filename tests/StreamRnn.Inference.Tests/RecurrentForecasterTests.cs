using StreamRnn.Inference.Models;
using TorchSharp;

namespace StreamRnn.Inference.Tests;

public sealed class RecurrentForecasterTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(RecurrentCellKind.Gru)]
    [InlineData(RecurrentCellKind.Lstm)]
    [InlineData(RecurrentCellKind.Rnn)]
    public void Forecast_SameSeed_ProducesBitIdenticalOutputs(RecurrentCellKind cell)
    {
        var shape = new ModelShape(cell, Channels: 2, HiddenSize: 16, Layers: 2, Horizon: 3);
        using var first = new RecurrentForecaster(shape, seed: 17);
        using var second = new RecurrentForecaster(shape, seed: 17);
        using var other = new RecurrentForecaster(shape, seed: 18);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var inputs = torch.tensor(TestBatchers.RandomValues(new Random(1), 3 * 7 * 2), [3, 7, 2]);

        var (forecastsA, stateA) = first.Forecast(inputs, null);
        var (forecastsB, stateB) = second.Forecast(inputs, null);
        var (forecastsC, _) = other.Forecast(inputs, null);

        Assert.Equal(forecastsA.data<float>().ToArray(), forecastsB.data<float>().ToArray());
        Assert.Equal(stateA.data<float>().ToArray(), stateB.data<float>().ToArray());
        Assert.NotEqual(forecastsA.data<float>().ToArray(), forecastsC.data<float>().ToArray());
        Assert.Equal(1, first.ModelVersion);
    }

    [Theory]
    [InlineData(RecurrentCellKind.Gru, 1, 32, 32)]
    [InlineData(RecurrentCellKind.Gru, 2, 32, 64)]
    [InlineData(RecurrentCellKind.Rnn, 3, 8, 24)]
    [InlineData(RecurrentCellKind.Lstm, 1, 32, 64)]
    [InlineData(RecurrentCellKind.Lstm, 2, 16, 64)]
    public void Forecast_PerCell_ReturnsDocumentedShapes(RecurrentCellKind cell, int layers, int hidden, int stateSize)
    {
        var shape = new ModelShape(cell, Channels: 1, HiddenSize: hidden, Layers: layers, Horizon: 5);
        using var model = new RecurrentForecaster(shape, seed: 17);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();

        var (forecasts, state) = model.Forecast(torch.ones(4, 6, 1), null);

        Assert.Equal(stateSize, shape.StateSize);
        Assert.Equal([4L, 6, 5], forecasts.shape);
        Assert.Equal([4L, stateSize], state.shape);
    }

    [Theory]
    [InlineData(RecurrentCellKind.Gru, 1)]
    [InlineData(RecurrentCellKind.Lstm, 2)]
    [InlineData(RecurrentCellKind.Rnn, 2)]
    public void Forecast_StateCarriedAcrossChunks_MatchesWholeSequence(RecurrentCellKind cell, int layers)
    {
        var shape = new ModelShape(cell, Channels: 2, HiddenSize: 8, Layers: layers, Horizon: 2);
        using var model = new RecurrentForecaster(shape, seed: 5);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var inputs = torch.tensor(TestBatchers.RandomValues(new Random(2), 2 * 9 * 2), [2, 9, 2]);

        var (whole, wholeState) = model.Forecast(inputs, null);
        var (head, headState) = model.Forecast(inputs.narrow(1, 0, 4), null);
        var (tail, tailState) = model.Forecast(inputs.narrow(1, 4, 5), headState);

        AssertClose(whole, torch.cat([head, tail], 1));
        AssertClose(wholeState, tailState);
    }

    [Theory]
    [InlineData(RecurrentCellKind.Gru)]
    [InlineData(RecurrentCellKind.Lstm)]
    [InlineData(RecurrentCellKind.Rnn)]
    public void ForecastRagged_MixedLengths_MatchesEachRowAlone(RecurrentCellKind cell)
    {
        var shape = new ModelShape(cell, Channels: 2, HiddenSize: 8, Layers: 2, Horizon: 3);
        using var model = new RecurrentForecaster(shape, seed: 9);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        long[] lengths = [3, 7, 1, 7, 5];
        var random = new Random(3);
        var padded = torch.full([5L, 7, 2], 1000f);
        var states = torch.tensor(TestBatchers.RandomValues(random, 5 * shape.StateSize), [5, shape.StateSize]);
        for (var row = 0; row < lengths.Length; row++)
        {
            padded[row].narrow(0, 0, lengths[row]).copy_(torch.tensor(TestBatchers.RandomValues(random, (int)lengths[row] * 2), [lengths[row], 2]));
        }

        var (forecasts, finalStates) = model.ForecastRagged(padded, states, lengths);

        Assert.Equal([lengths.Sum(), 3L], forecasts.shape);
        var offset = 0L;
        for (var row = 0; row < lengths.Length; row++)
        {
            var rowInputs = padded.narrow(0, row, 1).narrow(1, 0, lengths[row]);
            var (expected, expectedState) = model.Forecast(rowInputs, states.narrow(0, row, 1));
            AssertClose(expected.reshape(lengths[row], 3), forecasts.narrow(0, offset, lengths[row]));
            AssertClose(expectedState, finalStates.narrow(0, row, 1));
            offset += lengths[row];
        }
    }

    [Theory]
    [InlineData(RecurrentCellKind.Gru, 8, 1)]
    [InlineData(RecurrentCellKind.Gru, 32, 2)]
    [InlineData(RecurrentCellKind.Lstm, 8, 1)]
    [InlineData(RecurrentCellKind.Lstm, 16, 2)]
    [InlineData(RecurrentCellKind.Lstm, 32, 2)]
    [InlineData(RecurrentCellKind.Rnn, 8, 2)]
    [InlineData(RecurrentCellKind.Rnn, 32, 1)]
    public void Forecast_AnyPath_MatchesReferenceCellEquations(RecurrentCellKind cell, int hidden, int layers)
    {
        var shape = new ModelShape(cell, Channels: 2, HiddenSize: hidden, Layers: layers, Horizon: 3);
        using var model = new RecurrentForecaster(shape, seed: 11);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var random = new Random(hidden + layers);
        var inputs = torch.tensor(TestBatchers.RandomValues(random, 3 * 6 * 2), [3, 6, 2]);
        var states = torch.tensor(TestBatchers.RandomValues(random, 3 * shape.StateSize), [3, shape.StateSize]);
        long[] lengths = [6, 2, 4];

        var (dense, denseState) = model.Forecast(inputs, states);
        var (ragged, raggedState) = model.ForecastRagged(inputs, states, lengths);

        var offset = 0L;
        for (var row = 0; row < 3; row++)
        {
            var (full, fullState) = ReferenceCell.Run(model, inputs[row], states[row]);
            AssertClose(torch.tensor(full, [6, 3]), dense[row]);
            AssertClose(torch.tensor(fullState), denseState[row]);
            var (part, partState) = ReferenceCell.Run(model, inputs[row].narrow(0, 0, lengths[row]), states[row]);
            AssertClose(torch.tensor(part, [lengths[row], 3]), ragged.narrow(0, offset, lengths[row]));
            AssertClose(torch.tensor(partState), raggedState[row]);
            offset += lengths[row];
        }
    }

    [Fact]
    public void ForecastRagged_EqualLengths_MatchesDenseForecast()
    {
        var shape = new ModelShape(RecurrentCellKind.Lstm, Channels: 1, HiddenSize: 8, Layers: 1, Horizon: 2);
        using var model = new RecurrentForecaster(shape, seed: 9);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var inputs = torch.tensor(TestBatchers.RandomValues(new Random(4), 3 * 4), [3, 4, 1]);

        var (dense, denseState) = model.Forecast(inputs, null);
        var (ragged, raggedState) = model.ForecastRagged(inputs, null, [4, 4, 4]);

        AssertClose(dense.reshape(12, 2), ragged);
        AssertClose(denseState, raggedState);
    }

    [Fact]
    public void ForecastRagged_LengthOutOfRange_ThrowsArgumentException()
    {
        var shape = new ModelShape(RecurrentCellKind.Gru, Channels: 1, HiddenSize: 4, Layers: 1, Horizon: 1);
        using var model = new RecurrentForecaster(shape, seed: 1);
        using var scope = torch.NewDisposeScope();

        Assert.ThrowsAny<ArgumentException>(() => model.ForecastRagged(torch.ones(2, 3, 1), null, [3, 4]));
        Assert.ThrowsAny<ArgumentException>(() => model.ForecastRagged(torch.ones(2, 3, 1), null, [3]));
        Assert.ThrowsAny<ArgumentException>(() => model.Forecast(torch.ones(2, 3, 2), null));
    }

    private static void AssertClose(torch.Tensor expected, torch.Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= Tolerance, $"max abs difference {difference} > {Tolerance}");
    }
}
