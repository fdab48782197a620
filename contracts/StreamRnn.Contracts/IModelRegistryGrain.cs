using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>
/// The versions of one model group's weights (key: the model group, <c>default</c> for all sensors).
/// Version 1 is the model the silos start with (seeded, or <c>Model:Checkpoint</c>).
/// </summary>
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a checkpoint (the bytes of a <c>streamrnn train</c> file) as a new candidate version. The
    /// checkpoint is verified first (format, SHA-256, weights against architecture); registering the
    /// same content again returns the version it already has.
    /// </summary>
    ValueTask<ModelVersionInfo> RegisterAsync(byte[] checkpoint, string source, CancellationToken cancellationToken = default);

    /// <summary>Every version, oldest first.</summary>
    ValueTask<ImmutableArray<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The checkpoint bytes of a registered version.</summary>
    ValueTask<byte[]> GetCheckpointAsync(int version, CancellationToken cancellationToken = default);
}
