namespace StreamRnn.Models.Checkpoints;

/// <summary>
/// The checks every checkpoint passes before it is served, wherever it comes from (<c>Model:Checkpoint</c> at start,
/// <c>streamrnn model register</c>, a fine-tuned candidate, a hot swap): a valid architecture, the architecture the
/// silos serve, weights that fit it, and finite weights. Plain array work: no tensors, safe in a grain turn.
/// </summary>
public static class CheckpointChecks
{
    /// <summary>Why <paramref name="checkpoint"/> cannot be served; <see langword="null"/> when it can.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="served">The architecture the batchers serve, or <see langword="null"/> to check the checkpoint on its own.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public static string? Problem(ModelCheckpoint checkpoint, ModelShape? served = null)
    {
        return StructuralProblem(checkpoint, served)
            ?? (FindNonFiniteParameter(checkpoint) is { } name ? NonFiniteReason(name) : null);
    }

    /// <summary>As <see cref="Problem"/> without the scan for non-finite weights (architecture and shapes only).</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="served">The architecture the batchers serve, or <see langword="null"/>.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public static string? StructuralProblem(ModelCheckpoint checkpoint, ModelShape? served = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            checkpoint.Architecture.Validate();
        }
        catch (ArgumentException exception)
        {
            return $"its architecture is invalid: {exception.Message}";
        }

        if (served is not null && ArchitectureMismatch(served, checkpoint.Architecture) is { } mismatch)
        {
            return mismatch;
        }

        return ForecasterLayout.Mismatch(checkpoint) is { } layout ? $"its weights do not fit its own architecture: {layout}" : null;
    }

    /// <summary>
    /// Why a model of <paramref name="candidate"/>'s architecture cannot replace one of <paramref name="served"/>'s
    /// (cell, channels, hidden size, layers, horizon, and the nonlinearity of a vanilla RNN; dropout is training-only and
    /// not compared); <see langword="null"/> when it can.
    /// </summary>
    /// <param name="served">The architecture being served.</param>
    /// <param name="candidate">The checkpoint's architecture.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public static string? ArchitectureMismatch(ModelShape served, ModelShape candidate)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(candidate);
        var same = served.Cell == candidate.Cell
            && served.Channels == candidate.Channels
            && served.HiddenSize == candidate.HiddenSize
            && served.Layers == candidate.Layers
            && served.Horizon == candidate.Horizon
            && (served.Cell != RecurrentCellKind.Rnn || served.RnnNonlinearity == candidate.RnnNonlinearity);
        return same ? null : $"its architecture is {Describe(candidate)} but the silos serve {Describe(served)}; another architecture needs a restart with other Model settings";
    }

    /// <summary>
    /// The name of the first parameter (in checkpoint order, scorer weights included) holding a NaN or an infinity, or
    /// <see langword="null"/> when every weight is finite.
    /// </summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The parameter's name, or <see langword="null"/>.</returns>
    public static string? FindNonFiniteParameter(ModelCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        foreach (var parameter in checkpoint.Parameters)
        {
            foreach (var value in parameter.Values)
            {
                if (!float.IsFinite(value))
                {
                    return parameter.Name;
                }
            }
        }

        return null;
    }

    /// <summary>The reason given for a non-finite weight in <paramref name="parameter"/>.</summary>
    /// <param name="parameter">The parameter's name.</param>
    /// <returns>The reason.</returns>
    public static string NonFiniteReason(string parameter) => $"non-finite weight {parameter}";

    /// <summary>An architecture in words: <c>Gru 1x32, 1 channel(s), horizon 5</c> (and the nonlinearity of a vanilla RNN).</summary>
    /// <param name="shape">The architecture.</param>
    /// <returns>The description.</returns>
    public static string Describe(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var nonlinearity = shape.Cell == RecurrentCellKind.Rnn ? $" {shape.RnnNonlinearity}" : string.Empty;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{shape.Cell}{nonlinearity} {shape.Layers}x{shape.HiddenSize}, {shape.Channels} channel(s), horizon {shape.Horizon}");
    }
}
