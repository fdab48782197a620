using StreamRnn.Models;
using TorchSharp;

using StreamRnn.Tests.Shared;

namespace StreamRnn.Models.Tests;

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
        var inputs = torch.tensor(TestValues.RandomValues(new Random(1), 3 * 7 * 2), [3, 7, 2]);

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
        var inputs = torch.tensor(TestValues.RandomValues(new Random(2), 2 * 9 * 2), [2, 9, 2]);

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
        var states = torch.tensor(TestValues.RandomValues(random, 5 * shape.StateSize), [5, shape.StateSize]);
        for (var row = 0; row < lengths.Length; row++)
        {
            padded[row].narrow(0, 0, lengths[row]).copy_(torch.tensor(TestValues.RandomValues(random, (int)lengths[row] * 2), [lengths[row], 2]));
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
        var inputs = torch.tensor(TestValues.RandomValues(random, 3 * 6 * 2), [3, 6, 2]);
        var states = torch.tensor(TestValues.RandomValues(random, 3 * shape.StateSize), [3, shape.StateSize]);
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
        var inputs = torch.tensor(TestValues.RandomValues(new Random(4), 3 * 4), [3, 4, 1]);

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

    [Theory]
    [InlineData(8, 2)]
    [InlineData(32, 1)]
    public void Forecast_RnnRelu_MatchesReferenceCellEquations(int hidden, int layers)
    {
        var shape = new ModelShape(RecurrentCellKind.Rnn, Channels: 2, HiddenSize: hidden, Layers: layers, Horizon: 3) { RnnNonlinearity = RnnNonlinearity.Relu };
        using var model = new RecurrentForecaster(shape, seed: 12);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var random = new Random(hidden);
        var inputs = torch.tensor(TestValues.RandomValues(random, 3 * 6 * 2), [3, 6, 2]);
        var states = torch.tensor(TestValues.RandomValues(random, 3 * shape.StateSize), [3, shape.StateSize]).abs();
        long[] lengths = [6, 2, 4];

        var (dense, denseState) = model.Forecast(inputs, states);
        var (ragged, raggedState) = model.ForecastRagged(inputs, states, lengths);

        var offset = 0L;
        for (var row = 0; row < 3; row++)
        {
            var (full, fullState) = ReluReference(model, inputs[row], states[row]);
            AssertClose(full, dense[row]);
            AssertClose(fullState, denseState[row]);
            var (part, partState) = ReluReference(model, inputs[row].narrow(0, 0, lengths[row]), states[row]);
            AssertClose(part, ragged.narrow(0, offset, lengths[row]));
            AssertClose(partState, raggedState[row]);
            offset += lengths[row];
        }

        Assert.True((denseState >= 0).all().item<bool>(), "ReLU states are never negative");
    }

    [Fact]
    public void ModelShape_Defaults_TanhWithoutDropoutAndOptionsCarryOver()
    {
        var shape = new ModelShape(RecurrentCellKind.Rnn, 1, 4, 1, 1);
        var fromOptions = ModelShape.FromOptions(new ModelOptions { Cell = RecurrentCellKind.Rnn, RnnNonlinearity = RnnNonlinearity.Relu, Dropout = 0.25 });

        Assert.Equal(RnnNonlinearity.Tanh, shape.RnnNonlinearity);
        Assert.Equal(0, shape.Dropout);
        Assert.Equal(RnnNonlinearity.Tanh, new ModelOptions().RnnNonlinearity);
        Assert.Equal(RnnNonlinearity.Relu, fromOptions.RnnNonlinearity);
        Assert.Equal(0.25, fromOptions.Dropout);
        Assert.Equal(32, fromOptions.StateSize);
        Assert.ThrowsAny<ArgumentException>(() => (shape with { Dropout = 1 }).Validate());
    }

    [Theory]
    [InlineData(RecurrentCellKind.Gru)]
    [InlineData(RecurrentCellKind.Lstm)]
    [InlineData(RecurrentCellKind.Rnn)]
    public void Forecast_Dropout_OnlyInTrainingMode(RecurrentCellKind cell)
    {
        var shape = new ModelShape(cell, Channels: 1, HiddenSize: 16, Layers: 2, Horizon: 2);
        using var plain = new RecurrentForecaster(shape, seed: 3);
        using var dropping = new RecurrentForecaster(shape with { Dropout = 0.5 }, seed: 3);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var inputs = torch.tensor(TestValues.RandomValues(new Random(6), 4 * 5), [4, 5, 1]);
        plain.eval();
        dropping.eval();

        var (expected, _) = plain.Forecast(inputs, null);
        var (evaluated, _) = dropping.Forecast(inputs, null);
        dropping.train();
        var (trained, _) = dropping.Forecast(inputs, null);

        Assert.Equal(expected.data<float>().ToArray(), evaluated.data<float>().ToArray());
        Assert.NotEqual(expected.data<float>().ToArray(), trained.data<float>().ToArray());
    }

    [Fact]
    public void ParameterLayout_TwoLayerGru_HasStableNamesAndShapes()
    {
        using var model = new RecurrentForecaster(new ModelShape(RecurrentCellKind.Gru, Channels: 2, HiddenSize: 8, Layers: 2, Horizon: 3), seed: 1);

        string[] names =
        [
            "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
            "head.weight", "head.bias",
        ];
        Assert.Equal(names, model.ParameterLayout.Select(p => p.Name));
        Assert.Equal([24L, 2], model.ParameterLayout[0].Shape);
        Assert.Equal([24L, 8], model.ParameterLayout[4].Shape);
        Assert.Equal([3L, 8], model.ParameterLayout[8].Shape);
        Assert.Equal(names, model.ExportParameters().Keys);
    }

    [Theory]
    [InlineData(RecurrentCellKind.Gru)]
    [InlineData(RecurrentCellKind.Lstm)]
    [InlineData(RecurrentCellKind.Rnn)]
    public void LoadParameters_ExportedFromAnotherModel_GivesIdenticalOutputs(RecurrentCellKind cell)
    {
        var shape = new ModelShape(cell, Channels: 2, HiddenSize: 8, Layers: 2, Horizon: 3);
        using var source = new RecurrentForecaster(shape, seed: 21);
        using var target = new RecurrentForecaster(shape, seed: 22);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var inputs = torch.tensor(TestValues.RandomValues(new Random(9), 3 * 5 * 2), [3, 5, 2]);

        target.LoadParameters(source.ExportParameters());

        var (expected, expectedState) = source.Forecast(inputs, null);
        var (actual, actualState) = target.Forecast(inputs, null);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
        Assert.Equal(expectedState.data<float>().ToArray(), actualState.data<float>().ToArray());
    }

    [Fact]
    public void LoadParameters_WrongSizeMissingOrUnknown_ThrowsNamingTheParameterAndChangesNothing()
    {
        var shape = new ModelShape(RecurrentCellKind.Lstm, Channels: 1, HiddenSize: 4, Layers: 1, Horizon: 2);
        using var model = new RecurrentForecaster(shape, seed: 2);
        var original = model.ExportParameters();

        var wrongSize = model.ExportParameters();
        wrongSize["rnn.weight_hh_l0"] = new float[5];
        var missing = model.ExportParameters();
        missing.Remove("head.bias");
        var unknown = model.ExportParameters();
        unknown["rnn.weight_ih_l1"] = new float[16];

        var sizeError = Assert.Throws<ArgumentException>(() => model.LoadParameters(wrongSize));
        var missingError = Assert.Throws<ArgumentException>(() => model.LoadParameters(missing));
        var unknownError = Assert.Throws<ArgumentException>(() => model.LoadParameters(unknown));

        Assert.Contains("'rnn.weight_hh_l0'", sizeError.Message, StringComparison.Ordinal);
        Assert.Contains("[16, 4]", sizeError.Message, StringComparison.Ordinal);
        Assert.Contains("'head.bias'", missingError.Message, StringComparison.Ordinal);
        Assert.Contains("'rnn.weight_ih_l1'", unknownError.Message, StringComparison.Ordinal);
        Assert.Equal(original, model.ExportParameters());
    }

    /// <summary>The ReLU Elman cell written out: h'_l = max(0, W_ih x + b_ih + W_hh h_l + b_hh), layer by layer.</summary>
    private static (torch.Tensor Forecasts, torch.Tensor State) ReluReference(RecurrentForecaster model, torch.Tensor row, torch.Tensor state)
    {
        var shape = model.Shape;
        var p = model.ExportParameters();
        var layout = model.ParameterLayout.ToDictionary(x => x.Name, x => x.Shape);
        torch.Tensor P(string name) => torch.tensor(p[name], layout[name]);
        var h = Enumerable.Range(0, shape.Layers).Select(l => state.narrow(0, l * shape.HiddenSize, shape.HiddenSize)).ToArray();
        var forecasts = new List<torch.Tensor>();
        for (var t = 0; t < row.shape[0]; t++)
        {
            var x = row[t];
            for (var l = 0; l < shape.Layers; l++)
            {
                h[l] = torch.nn.functional.relu(P($"rnn.weight_ih_l{l}").matmul(x) + P($"rnn.bias_ih_l{l}") + P($"rnn.weight_hh_l{l}").matmul(h[l]) + P($"rnn.bias_hh_l{l}"));
                x = h[l];
            }

            forecasts.Add(P("head.weight").matmul(x) + P("head.bias"));
        }

        return (torch.stack(forecasts), torch.cat(h));
    }

    private static void AssertClose(torch.Tensor expected, torch.Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= Tolerance, $"max abs difference {difference} > {Tolerance}");
    }
}
