using StreamRnn.Models;

namespace StreamRnn.Models.Checkpoints;

/// <summary>
/// Moves weights between a <see cref="RecurrentForecaster"/> (and optionally a <see cref="BidirectionalScorer"/>)
/// and a <see cref="ModelCheckpoint"/>.
/// </summary>
/// <remarks>
/// A checkpoint may carry a trained bidirectional scorer for offline scoring next to the forecaster. Its weights are
/// stored as extra named parameters, <c>scorer.</c> + the scorer's <see cref="BidirectionalScorer.ParameterLayout"/>
/// name (<c>scorer.past.weight_ih_l0</c>, …, <c>scorer.head.bias</c>), in the same file and format; the scorer shares
/// the checkpoint's <see cref="ModelCheckpoint.Architecture"/> (its horizon is unused). <see cref="Restore"/> ignores
/// them, so the live path never sees them; <see cref="RestoreScorer"/> reads them.
/// </remarks>
public static class ModelCheckpoints
{
    /// <summary>The name prefix of the scorer's parameters in a checkpoint.</summary>
    public const string ScorerPrefix = "scorer.";

    /// <summary>
    /// The metadata key holding the training window length (the trainer's <c>InputLength</c>), which is also the
    /// window length offline bidirectional scoring uses.
    /// </summary>
    public const string InputLengthKey = "inputLength";

    /// <summary>A checkpoint of <paramref name="model"/>'s architecture and current weights, and of <paramref name="scorer"/>'s when given.</summary>
    /// <param name="model">The forecaster.</param>
    /// <param name="normalization">The normalisation of each training series.</param>
    /// <param name="metadata">Free-form training metadata (seed, epochs, <see cref="InputLengthKey"/>, metrics…).</param>
    /// <param name="scorer">
    /// An optional bidirectional scorer trained on the same data and settings (the training library's <c>ScorerTrainer.Train</c>): same cell,
    /// channels, hidden size, layers and RNN nonlinearity as <paramref name="model"/>.
    /// </param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="ArgumentException">The scorer's shape does not match the forecaster's.</exception>
    public static ModelCheckpoint Capture(
        RecurrentForecaster model,
        IReadOnlyList<ChannelNormalization> normalization,
        IReadOnlyDictionary<string, string> metadata,
        BidirectionalScorer? scorer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var values = model.ExportParameters();
        var parameters = model.ParameterLayout.Select(layout => new CheckpointParameter(layout.Name, layout.Shape, values[layout.Name])).ToList();
        if (scorer is not null)
        {
            if (!SameRecurrentShape(model.Shape, scorer.Shape))
            {
                throw new ArgumentException(
                    $"The scorer's shape {Describe(scorer.Shape)} does not match the forecaster's {Describe(model.Shape)}; train both with the same options.",
                    nameof(scorer));
            }

            var scorerValues = scorer.ExportParameters();
            parameters.AddRange(scorer.ParameterLayout.Select(layout => new CheckpointParameter(ScorerPrefix + layout.Name, layout.Shape, scorerValues[layout.Name])));
        }

        return new ModelCheckpoint(model.Shape, normalization, metadata, parameters);
    }

    /// <summary>
    /// A model with <paramref name="checkpoint"/>'s architecture and forecaster weights (on the CPU; move it where it runs).
    /// Scorer parameters (<see cref="ScorerPrefix"/>) are ignored.
    /// </summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="modelVersion">The version the model reports.</param>
    /// <returns>The forecaster; the caller disposes it.</returns>
    /// <exception cref="CheckpointException">The architecture is invalid or the weights do not fit it.</exception>
    public static RecurrentForecaster Restore(ModelCheckpoint checkpoint, int modelVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ValidateArchitecture(checkpoint);
        var model = new RecurrentForecaster(checkpoint.Architecture, seed: 0) { ModelVersion = modelVersion };
        try
        {
            model.LoadParameters(checkpoint.Parameters
                .Where(p => !IsScorerParameter(p))
                .ToDictionary(p => p.Name, p => p.Values, StringComparer.Ordinal));
        }
        catch (ArgumentException exception)
        {
            model.Dispose();
            throw new CheckpointException($"The checkpoint's weights do not fit its architecture: {exception.Message}", exception);
        }

        return model;
    }

    /// <summary>Whether <paramref name="checkpoint"/> carries bidirectional scorer weights (any <see cref="ScorerPrefix"/> parameter).</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns><see langword="true"/> when it has scorer parameters.</returns>
    public static bool HasScorer(ModelCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return checkpoint.Parameters.Any(IsScorerParameter);
    }

    /// <summary>The bidirectional scorer stored in <paramref name="checkpoint"/> (on the CPU, in <c>eval()</c> mode).</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The scorer; the caller disposes it.</returns>
    /// <exception cref="CheckpointException">The checkpoint has no scorer, its architecture is invalid, or the scorer weights do not fit it.</exception>
    public static BidirectionalScorer RestoreScorer(ModelCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!HasScorer(checkpoint))
        {
            throw new CheckpointException(
                $"The checkpoint has no bidirectional scorer (no '{ScorerPrefix}*' parameters): train one with ScorerTrainer.Train and pass it to ModelCheckpoints.Capture.");
        }

        ValidateArchitecture(checkpoint);
        var scorer = new BidirectionalScorer(checkpoint.Architecture, seed: 0);
        try
        {
            scorer.LoadParameters(checkpoint.Parameters
                .Where(IsScorerParameter)
                .ToDictionary(p => p.Name[ScorerPrefix.Length..], p => p.Values, StringComparer.Ordinal));
        }
        catch (ArgumentException exception)
        {
            scorer.Dispose();
            throw new CheckpointException($"The checkpoint's bidirectional scorer weights do not fit its architecture: {exception.Message}", exception);
        }

        scorer.eval();
        return scorer;
    }

    private static bool IsScorerParameter(CheckpointParameter parameter)
    {
        return parameter.Name.StartsWith(ScorerPrefix, StringComparison.Ordinal);
    }

    private static void ValidateArchitecture(ModelCheckpoint checkpoint)
    {
        try
        {
            checkpoint.Architecture.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new CheckpointException($"The checkpoint's architecture is invalid: {exception.Message}", exception);
        }
    }

    private static bool SameRecurrentShape(ModelShape forecaster, ModelShape scorer)
    {
        return forecaster.Cell == scorer.Cell
            && forecaster.Channels == scorer.Channels
            && forecaster.HiddenSize == scorer.HiddenSize
            && forecaster.Layers == scorer.Layers
            && (forecaster.Cell != RecurrentCellKind.Rnn || forecaster.RnnNonlinearity == scorer.RnnNonlinearity);
    }

    private static string Describe(ModelShape shape)
    {
        return $"({shape.Cell}, {shape.Channels} channels, {shape.HiddenSize} hidden, {shape.Layers} layers, {shape.RnnNonlinearity})";
    }
}
