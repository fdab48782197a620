
namespace StreamRnn.Models.Checkpoints;

/// <summary>
/// Everything needed to run or judge a trained model: architecture, the normalisation of each training
/// series, training metadata (free-form key/value pairs: seed, epochs, metrics…) and the weights.
/// Stored by <see cref="CheckpointFile"/> as one file with a SHA-256 of its content.
/// </summary>
public sealed record ModelCheckpoint(
    ModelShape Architecture,
    IReadOnlyList<ChannelNormalization> Normalization,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<CheckpointParameter> Parameters);
