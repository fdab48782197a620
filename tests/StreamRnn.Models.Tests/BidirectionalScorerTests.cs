using StreamRnn.Models;
using TorchSharp;

using StreamRnn.Tests.Shared;

namespace StreamRnn.Models.Tests;

public sealed class BidirectionalScorerTests
{
    [Theory]
    [InlineData(RecurrentCellKind.Gru, 2)]
    [InlineData(RecurrentCellKind.Lstm, 2)]
    [InlineData(RecurrentCellKind.Rnn, 3)]
    public void Reconstruct_OneStepChanged_EstimateAtThatStepUnchanged(RecurrentCellKind cell, int layers)
    {
        using var scorer = new BidirectionalScorer(new ModelShape(cell, Channels: 2, HiddenSize: 8, Layers: layers, Horizon: 1), seed: 6);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var inputs = torch.tensor(TestValues.RandomValues(new Random(7), 2 * 7 * 2), [2, 7, 2]);
        var changed = inputs.clone();
        changed[0, 3].add_(5f);

        var estimates = scorer.Reconstruct(inputs);
        var changedEstimates = scorer.Reconstruct(changed);

        Assert.Equal([2L, 7], estimates.shape);
        var difference = (estimates - changedEstimates).abs();
        Assert.True(difference[0, 3].item<float>() <= 1e-6f, "the estimate at the changed step must not depend on it");
        Assert.True(difference[0, 2].item<float>() > 1e-4f, "the step before sees the change through the future stack");
        Assert.True(difference[0, 4].item<float>() > 1e-4f, "the step after sees the change through the past stack");
        Assert.True(difference[1].max().item<float>() <= 1e-6f, "other rows are independent");
    }

    [Fact]
    public void ExportParameters_LoadIntoFreshScorer_GivesIdenticalEstimates()
    {
        var shape = new ModelShape(RecurrentCellKind.Lstm, Channels: 1, HiddenSize: 8, Layers: 1, Horizon: 1);
        using var source = new BidirectionalScorer(shape, seed: 1);
        using var target = new BidirectionalScorer(shape, seed: 2);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var inputs = torch.tensor(TestValues.RandomValues(new Random(8), 3 * 5), [3, 5, 1]);

        target.LoadParameters(source.ExportParameters());

        Assert.Equal(source.Reconstruct(inputs).data<float>().ToArray(), target.Reconstruct(inputs).data<float>().ToArray());
        Assert.Equal("past.weight_ih_l0", target.ParameterLayout[0].Name);
        Assert.Equal("head.weight", target.ParameterLayout[^2].Name);
        Assert.Equal([1L, 16], target.ParameterLayout[^2].Shape);
        Assert.Contains(target.ParameterLayout, p => p.Name == "future.bias_hh_l0");
    }

    [Fact]
    public void Reconstruct_SingleStepWindow_ThrowsArgumentException()
    {
        using var scorer = new BidirectionalScorer(new ModelShape(RecurrentCellKind.Gru, 1, 4, 1, 1), seed: 1);
        using var scope = torch.NewDisposeScope();

        Assert.ThrowsAny<ArgumentException>(() => scorer.Reconstruct(torch.ones(2, 1, 1)));
        Assert.ThrowsAny<ArgumentException>(() => scorer.Reconstruct(torch.ones(2, 4, 2)));
    }
}
