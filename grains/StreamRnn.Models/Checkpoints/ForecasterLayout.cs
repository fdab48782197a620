namespace StreamRnn.Models.Checkpoints;

/// <summary>
/// The parameter names and shapes a <see cref="Models.RecurrentForecaster"/> of a given shape has,
/// computed without building one (no tensors), so a checkpoint can be checked where tensor work is not
/// allowed (a grain turn). A test keeps it equal to the model's own <c>ParameterLayout</c>.
/// </summary>
public static class ForecasterLayout
{
    public static IReadOnlyList<(string Name, long[] Shape)> Expected(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long gates = shape.Cell switch
        {
            RecurrentCellKind.Gru => 3,
            RecurrentCellKind.Lstm => 4,
            _ => 1,
        };
        long hidden = shape.HiddenSize;
        var layout = new List<(string, long[])>();
        for (var layer = 0; layer < shape.Layers; layer++)
        {
            layout.Add(($"rnn.weight_ih_l{layer}", [gates * hidden, layer == 0 ? shape.Channels : hidden]));
            layout.Add(($"rnn.weight_hh_l{layer}", [gates * hidden, hidden]));
            layout.Add(($"rnn.bias_ih_l{layer}", [gates * hidden]));
            layout.Add(($"rnn.bias_hh_l{layer}", [gates * hidden]));
        }

        layout.Add(("head.weight", [shape.Horizon, hidden]));
        layout.Add(("head.bias", [shape.Horizon]));
        return layout;
    }

    /// <summary>Why the checkpoint's forecaster parameters do not fit its architecture; null when they do. Other prefixes (<c>scorer.</c>) are not checked here.</summary>
    public static string? Mismatch(ModelCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var present = checkpoint.Parameters
            .Where(p => p.Name.StartsWith("rnn.", StringComparison.Ordinal) || p.Name.StartsWith("head.", StringComparison.Ordinal))
            .ToDictionary(p => p.Name, p => p.Shape, StringComparer.Ordinal);
        foreach (var (name, shape) in Expected(checkpoint.Architecture))
        {
            if (!present.Remove(name, out var actual))
            {
                return $"parameter '{name}' is missing";
            }

            if (!actual.SequenceEqual(shape))
            {
                return $"parameter '{name}' has shape [{string.Join(", ", actual)}], the architecture needs [{string.Join(", ", shape)}]";
            }
        }

        return present.Count == 0 ? null : $"parameter '{present.Keys.First()}' is not part of the architecture";
    }
}
