using StreamRnn.Inference.Models;
using StreamRnn.Inference.Training;

namespace StreamRnn.Inference.Checkpoints;

/// <summary>Moves weights between a <see cref="RecurrentForecaster"/> and a <see cref="ModelCheckpoint"/>.</summary>
public static class ModelCheckpoints
{
    /// <summary>A checkpoint of <paramref name="model"/>'s architecture and current weights.</summary>
    public static ModelCheckpoint Capture(RecurrentForecaster model, IReadOnlyList<ChannelNormalization> normalization, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        var values = model.ExportParameters();
        var parameters = model.ParameterLayout.Select(layout => new CheckpointParameter(layout.Name, layout.Shape, values[layout.Name])).ToList();
        return new ModelCheckpoint(model.Shape, normalization, metadata, parameters);
    }

    /// <summary>A model with <paramref name="checkpoint"/>'s architecture and weights (on the CPU; move it where it runs).</summary>
    public static RecurrentForecaster Restore(ModelCheckpoint checkpoint, int modelVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            checkpoint.Architecture.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new CheckpointException($"The checkpoint's architecture is invalid: {exception.Message}", exception);
        }

        var model = new RecurrentForecaster(checkpoint.Architecture, seed: 0) { ModelVersion = modelVersion };
        try
        {
            model.LoadParameters(checkpoint.Parameters.ToDictionary(p => p.Name, p => p.Values, StringComparer.Ordinal));
        }
        catch (ArgumentException exception)
        {
            model.Dispose();
            throw new CheckpointException($"The checkpoint's weights do not fit its architecture: {exception.Message}", exception);
        }

        return model;
    }
}
