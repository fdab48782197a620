namespace StreamRnn.Grains.Models;

/// <summary>
/// Whether this silo's batcher has loaded the registry's active version once. Ingest waits for it, so a silo that
/// starts on a cluster whose active version is not v1 never scores a backlog with the seeded v1 first.
/// </summary>
public sealed class ModelSyncStatus
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first sync with the registry has succeeded.</summary>
    public Task FirstSync => _synced.Task;

    /// <summary>Called by <see cref="ModelVersionSyncService"/> after each successful sync.</summary>
    public void Synced() => _synced.TrySetResult();
}
