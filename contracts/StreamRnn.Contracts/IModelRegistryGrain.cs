using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>
/// The versions of one model group's weights (key: the model group, <c>default</c> for all sensors).
/// Version 1 is the model the silos start with (seeded, or <c>Model:Checkpoint</c>). Exactly one version
/// is active at a time; every silo's inference batcher serves it.
/// </summary>
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a checkpoint (the bytes of a <c>streamrnn train</c> file) as a new candidate version. The
    /// checkpoint is verified first (format, SHA-256, weights against architecture); registering the
    /// same content again returns the version it already has. A checkpoint with a non-finite weight is
    /// recorded as rejected, with the parameter named in its reason. A checkpoint whose architecture is not the one the
    /// silos serve (cell, channels, hidden size, layers, horizon, RNN nonlinearity) is refused with
    /// <see cref="ModelRegistrationException"/> and not recorded.
    /// </summary>
    ValueTask<ModelVersionInfo> RegisterAsync(byte[] checkpoint, string source, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="RegisterAsync"/>, for a fine-tuned candidate: records its parent and validation figures.</summary>
    ValueTask<ModelVersionInfo> RegisterCandidateAsync(
        byte[] checkpoint,
        string source,
        int parentVersion,
        ImmutableDictionary<string, double> metrics,
        CancellationToken cancellationToken = default);

    /// <summary>Every version, oldest first.</summary>
    ValueTask<ImmutableArray<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One version.</summary>
    /// <exception cref="ModelVersionException">No such version.</exception>
    ValueTask<ModelVersionInfo> GetAsync(int version, CancellationToken cancellationToken = default);

    /// <summary>The version every batcher should serve.</summary>
    ValueTask<ModelVersionInfo> GetActiveAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The checkpoint bytes of a version; empty for a seeded version 1, which every silo rebuilds
    /// from its <c>Model</c> settings.
    /// </summary>
    ValueTask<byte[]> GetCheckpointAsync(int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="version"/> the active version (the previous one is retired) and tells every
    /// subscribed silo. A rejected version is never promoted; the version's weights are checked again first (architecture,
    /// shapes, finiteness), whatever the caller skipped, and a version that fails is marked rejected.
    /// </summary>
    /// <exception cref="ModelVersionException">No such version, it was rejected, or its weights cannot be served.</exception>
    ValueTask<ModelVersionInfo> PromoteAsync(int version, string reason, CancellationToken cancellationToken = default);

    /// <summary>Marks a candidate rejected with the reason; it can never be promoted after.</summary>
    /// <exception cref="ModelVersionException">No such version, or it is not a candidate.</exception>
    ValueTask<ModelVersionInfo> RejectAsync(int version, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Serves the version that was active before the current one again (the most recently retired); the
    /// current one is marked rejected with the reason. Goes through the same swap path as a promotion.
    /// </summary>
    /// <exception cref="ModelVersionException">No earlier version to return to.</exception>
    ValueTask<ModelVersionInfo> RollbackAsync(string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// A silo's inference batcher saw <paramref name="version"/> forecast NaN or infinity from finite inputs (and
    /// already stopped serving it locally). When it is the active version it is rolled back as <see cref="RollbackAsync"/>
    /// does, with the reason recorded on both versions; when there is no earlier version it stays active with the reason
    /// recorded; a candidate or retired version is marked rejected; an already rejected one is left as it is (so every
    /// silo may report the same version).
    /// </summary>
    /// <returns>The version's record after the report (the restored version after a rollback).</returns>
    /// <exception cref="ModelVersionException">No such version.</exception>
    ValueTask<ModelVersionInfo> ReportNonFiniteForecastsAsync(int version, string reason, CancellationToken cancellationToken = default);

    /// <summary>Subscribes a silo's observer to active-version changes (renew within a minute).</summary>
    ValueTask SubscribeAsync(IModelVersionObserver observer);

    /// <summary>Removes a subscription.</summary>
    ValueTask UnsubscribeAsync(IModelVersionObserver observer);
}
