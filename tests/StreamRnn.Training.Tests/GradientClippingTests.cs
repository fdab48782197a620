using StreamRnn.Models;
using StreamRnn.Training;
using TorchSharp;
using TorchSharp.Modules;

using StreamRnn.Tests.Shared;

namespace StreamRnn.Training.Tests;

public sealed class GradientClippingTests
{
    [Theory]
    [InlineData(RecurrentCellKind.Gru, 0.5)]
    [InlineData(RecurrentCellKind.Lstm, 0.01)]
    [InlineData(RecurrentCellKind.Rnn, 1.0)]
    public void ClipGlobalNorm_NormAboveMax_ScalesGlobalNormDownToMax(RecurrentCellKind cell, double maxNorm)
    {
        using var model = new RecurrentForecaster(new ModelShape(cell, 1, 8, 2, 3), seed: 3);
        List<Parameter> parameters = [.. model.parameters()];
        using var scope = torch.NewDisposeScope();
        Backward(model, scale: 100);
        var before = GradientClipping.GlobalNorm(parameters);
        var direction = parameters[0].grad!.clone();

        var reported = GradientClipping.ClipGlobalNorm(parameters, maxNorm);

        var after = GradientClipping.GlobalNorm(parameters);
        Assert.True(before > maxNorm, $"pre-clip norm {before} should exceed {maxNorm} for this test");
        Assert.Equal(before, reported, before * 1e-5);
        Assert.True(after <= maxNorm + 1e-6, $"post-clip norm {after} > {maxNorm}");
        Assert.Equal(maxNorm, after, maxNorm * 1e-3);
        var cosine = torch.nn.functional.cosine_similarity(direction.flatten(), parameters[0].grad!.flatten(), 0).item<float>();
        Assert.Equal(1f, cosine, 1e-4f);
    }

    [Fact]
    public void ClipGlobalNorm_NormBelowMax_LeavesGradientsUnchanged()
    {
        using var model = new RecurrentForecaster(new ModelShape(RecurrentCellKind.Gru, 1, 8, 1, 2), seed: 4);
        List<Parameter> parameters = [.. model.parameters()];
        using var scope = torch.NewDisposeScope();
        Backward(model, scale: 1);
        var before = parameters.Select(p => p.grad!.clone()).ToList();
        var norm = GradientClipping.GlobalNorm(parameters);

        var reported = GradientClipping.ClipGlobalNorm(parameters, norm * 10);

        Assert.Equal(norm, reported, norm * 1e-5);
        for (var i = 0; i < parameters.Count; i++)
        {
            Assert.True(before[i].allclose(parameters[i].grad!, rtol: 1e-6, atol: 1e-9), $"gradient {i} changed");
        }
    }

    private static void Backward(RecurrentForecaster model, float scale)
    {
        model.zero_grad();
        var inputs = torch.tensor(TestValues.RandomValues(new Random(5), 4 * 6), [4, 6, 1]);
        var targets = torch.full([4L, 6, model.Shape.Horizon], scale);
        var (forecasts, _) = model.Forecast(inputs, null);
        torch.nn.functional.mse_loss(forecasts, targets).backward();
    }

}
