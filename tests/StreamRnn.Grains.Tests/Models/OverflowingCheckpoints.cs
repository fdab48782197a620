using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Tests.Models;

/// <summary>
/// Checkpoints of the test clusters' architecture (the default Model settings: GRU 1×32, horizon 5) whose weights are all
/// finite but whose forecasts are infinite for every input: the GRU's update gate is shut (bias −10) and its candidate
/// open (bias 5), so every hidden unit sits near 1, and the head multiplies each by 1e38.
/// </summary>
internal static class OverflowingCheckpoints
{
    public static ModelCheckpoint Create()
    {
        var shape = ModelShape.FromOptions(new ModelOptions());
        var hidden = shape.HiddenSize;
        var parameters = ForecasterLayout.Expected(shape).Select(p =>
        {
            var values = new float[(int)p.Shape.Aggregate(1L, (a, b) => a * b)];
            if (p.Name == "rnn.bias_ih_l0")
            {
                // Gate order r, z, n.
                Array.Fill(values, -10f, hidden, hidden);
                Array.Fill(values, 5f, 2 * hidden, hidden);
            }
            else if (p.Name == "head.weight")
            {
                Array.Fill(values, 1e38f);
            }

            return new CheckpointParameter(p.Name, p.Shape, values);
        }).ToList();
        return new ModelCheckpoint(shape, [], new Dictionary<string, string>(), parameters);
    }

    public static byte[] Bytes() => CheckpointFile.Serialize(Create());

    /// <summary>
    /// A ReLU RNN (1×8, horizon 3) whose state grows ×16 a step once an input is positive: input and recurrent weights 2,
    /// biases 0, head weights 1. Finite for about 30 steps from a zero state, infinite after.
    /// </summary>
    public static byte[] GrowingRelu()
    {
        var shape = new ModelShape(RecurrentCellKind.Rnn, 1, 8, 1, 3) { RnnNonlinearity = RnnNonlinearity.Relu };
        var parameters = ForecasterLayout.Expected(shape)
            .Select(p => new CheckpointParameter(
                p.Name,
                p.Shape,
                Enumerable.Repeat(p.Name.Contains("bias", StringComparison.Ordinal) ? 0f : p.Name.StartsWith("head.", StringComparison.Ordinal) ? 1f : 2f, (int)p.Shape.Aggregate(1L, (a, b) => a * b)).ToArray()))
            .ToList();
        return CheckpointFile.Serialize(new ModelCheckpoint(shape, [], new Dictionary<string, string>(), parameters));
    }
}
