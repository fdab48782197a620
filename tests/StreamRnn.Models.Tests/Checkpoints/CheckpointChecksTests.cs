using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Models.Tests.Checkpoints;

public sealed class CheckpointChecksTests
{
    private static readonly ModelShape Served = new(RecurrentCellKind.Rnn, Channels: 2, HiddenSize: 6, Layers: 2, Horizon: 3) { RnnNonlinearity = RnnNonlinearity.Relu };

    [Fact]
    public void Problem_CheckpointOfTheServedArchitecture_IsNone()
    {
        Assert.Null(CheckpointChecks.Problem(Checkpoint(Served, 0.5f), Served));
    }

    [Fact]
    public void Problem_DropoutDiffers_IsNoneBecauseInferenceNeverUsesIt()
    {
        Assert.Null(CheckpointChecks.Problem(Checkpoint(Served with { Dropout = 0.3 }, 0.5f), Served));
    }

    [Theory]
    [InlineData("cell")]
    [InlineData("channels")]
    [InlineData("hidden")]
    [InlineData("layers")]
    [InlineData("horizon")]
    [InlineData("nonlinearity")]
    public void Problem_AnyServingDimensionDiffers_NamesBothArchitectures(string dimension)
    {
        var other = dimension switch
        {
            "cell" => Served with { Cell = RecurrentCellKind.Gru },
            "channels" => Served with { Channels = 3 },
            "hidden" => Served with { HiddenSize = 7 },
            "layers" => Served with { Layers = 1 },
            "horizon" => Served with { Horizon = 4 },
            _ => Served with { RnnNonlinearity = RnnNonlinearity.Tanh },
        };

        var problem = CheckpointChecks.Problem(Checkpoint(other, 0.5f), Served);

        Assert.NotNull(problem);
        Assert.Contains($"its architecture is {CheckpointChecks.Describe(other)} but the silos serve {CheckpointChecks.Describe(Served)}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_GruWithAnotherNonlinearitySetting_IsNoneBecauseOnlyAVanillaRnnUsesIt()
    {
        var gru = Served with { Cell = RecurrentCellKind.Gru };

        Assert.Null(CheckpointChecks.Problem(Checkpoint(gru with { RnnNonlinearity = RnnNonlinearity.Tanh }, 0.5f), gru));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Problem_NonFiniteWeight_NamesTheParameter(float value)
    {
        var checkpoint = Checkpoint(Served, 0.5f);
        checkpoint.Parameters[3].Values[0] = value;

        Assert.Equal($"non-finite weight {checkpoint.Parameters[3].Name}", CheckpointChecks.Problem(checkpoint, Served));
        Assert.Null(CheckpointChecks.StructuralProblem(checkpoint, Served));
    }

    [Fact]
    public void Problem_WeightsForAnotherSize_SaysTheyDoNotFit()
    {
        var checkpoint = Checkpoint(Served, 0.5f) with { Architecture = Served with { HiddenSize = 5 } };

        Assert.StartsWith("its weights do not fit its own architecture: parameter 'rnn.weight_ih_l0'", CheckpointChecks.Problem(checkpoint), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_InvalidArchitecture_SaysSo()
    {
        var checkpoint = Checkpoint(Served, 0.5f) with { Architecture = Served with { Layers = 0 } };

        Assert.StartsWith("its architecture is invalid", CheckpointChecks.Problem(checkpoint), StringComparison.Ordinal);
    }

    private static ModelCheckpoint Checkpoint(ModelShape shape, float fill) =>
        new(shape, [], new Dictionary<string, string>(), [.. ForecasterLayout.Expected(shape)
            .Select(p => new CheckpointParameter(p.Name, p.Shape, Enumerable.Repeat(fill, (int)p.Shape.Aggregate(1L, (a, b) => a * b)).ToArray()))]);
}
