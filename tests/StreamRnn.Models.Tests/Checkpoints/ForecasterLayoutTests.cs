using StreamRnn.Models.Checkpoints;
using StreamRnn.Models;

namespace StreamRnn.Models.Tests.Checkpoints;

public sealed class ForecasterLayoutTests
{
    [Theory]
    [InlineData(RecurrentCellKind.Gru, 1, 1)]
    [InlineData(RecurrentCellKind.Gru, 3, 2)]
    [InlineData(RecurrentCellKind.Lstm, 2, 3)]
    [InlineData(RecurrentCellKind.Rnn, 1, 2)]
    public void Expected_AnyShape_EqualsTheModelsOwnLayout(RecurrentCellKind cell, int layers, int channels)
    {
        var shape = new ModelShape(cell, channels, 6, layers, 4);
        using var model = new RecurrentForecaster(shape, seed: 1);

        var expected = ForecasterLayout.Expected(shape);

        Assert.Equal(model.ParameterLayout.Select(p => p.Name), expected.Select(p => p.Name));
        Assert.Equal(model.ParameterLayout.Select(p => string.Join("x", p.Shape)), expected.Select(p => string.Join("x", p.Shape)));
    }

    [Fact]
    public void Mismatch_WrongShapeMissingOrExtra_NamesTheParameter()
    {
        var shape = new ModelShape(RecurrentCellKind.Gru, 1, 2, 1, 3);
        var parameters = ForecasterLayout.Expected(shape).Select(p => new CheckpointParameter(p.Name, p.Shape, new float[p.Shape.Aggregate(1L, (a, b) => a * b)])).ToList();
        var good = new ModelCheckpoint(shape, [], new Dictionary<string, string>(), parameters);
        Assert.Null(ForecasterLayout.Mismatch(good));

        var wrongShape = good with { Parameters = [.. parameters.Select(p => p.Name == "head.bias" ? new CheckpointParameter(p.Name, [4], new float[4]) : p)] };
        Assert.Contains("head.bias", ForecasterLayout.Mismatch(wrongShape), StringComparison.Ordinal);

        var missing = good with { Parameters = [.. parameters.Where(p => p.Name != "rnn.weight_hh_l0")] };
        Assert.Contains("rnn.weight_hh_l0", ForecasterLayout.Mismatch(missing), StringComparison.Ordinal);

        var extra = good with { Parameters = [.. parameters, new CheckpointParameter("rnn.weight_ih_l1", [6, 2], new float[12])] };
        Assert.Contains("rnn.weight_ih_l1", ForecasterLayout.Mismatch(extra), StringComparison.Ordinal);
    }
}
