using Microsoft.Extensions.Options;

namespace StreamRnn.Models.Checkpoints;

/// <summary>
/// When <c>Model:Checkpoint</c> is set, reads the checkpoint once the options are bound and takes the
/// architecture from it, so every part of the silo (ingest's channel check, the batcher, the grains)
/// agrees with the weights. A checkpoint that cannot be read, or that fails <see cref="CheckpointChecks"/> (invalid
/// architecture, weights that do not fit it, a NaN or infinite weight), fails validation at start, naming it.
/// </summary>
internal sealed class ModelCheckpointOptionsSetup : IPostConfigureOptions<ModelOptions>, IValidateOptions<ModelOptions>
{
    public void PostConfigure(string? name, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Checkpoint))
        {
            return;
        }

        try
        {
            var checkpoint = CheckpointFile.Load(options.Checkpoint);
            if (CheckpointChecks.Problem(checkpoint) is { } problem)
            {
                options.CheckpointError = $"'{options.Checkpoint}' cannot be served: {problem}.";
                return;
            }

            var shape = checkpoint.Architecture;
            options.Cell = shape.Cell;
            options.Channels = shape.Channels;
            options.HiddenSize = shape.HiddenSize;
            options.Layers = shape.Layers;
            options.Horizon = shape.Horizon;
            options.RnnNonlinearity = shape.RnnNonlinearity;
        }
        catch (Exception exception) when (exception is CheckpointException or IOException or UnauthorizedAccessException)
        {
            options.CheckpointError = exception.Message;
        }
    }

    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.CheckpointError is { } error
            ? ValidateOptionsResult.Fail($"{ModelOptions.SectionName}:{nameof(ModelOptions.Checkpoint)}: {error}")
            : ValidateOptionsResult.Success;
    }
}
