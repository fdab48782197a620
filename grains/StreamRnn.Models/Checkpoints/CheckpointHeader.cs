
namespace StreamRnn.Models.Checkpoints;

/// <summary>The JSON header of a checkpoint file (everything but the weight values).</summary>
internal sealed record CheckpointHeader(
    ModelShape Architecture,
    IReadOnlyList<ChannelNormalization> Normalization,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<CheckpointParameterLayout> Parameters);
