namespace StreamRnn.Chaos;

/// <summary>The silo processes of one run, each on its own fixed ports.</summary>
internal sealed class SiloCluster : IAsyncDisposable
{
    private readonly SiloProcess[] _silos;

    public SiloCluster(BuildOutputs outputs, ClusterSpec spec, int silos, string logDirectory)
    {
        Spec = spec;
        Directory.CreateDirectory(logDirectory);
        var ports = SiloPorts.Take(silos);
        _silos = [.. Enumerable.Range(0, silos).Select(i => new SiloProcess(outputs, spec, i, ports[i], logDirectory))];
    }

    public ClusterSpec Spec { get; }

    public int Count => _silos.Length;

    public SiloProcess this[int index] => _silos[index];

    /// <summary>Starts every silo at once and returns when all are ready.</summary>
    public Task StartAllAsync(bool ingest, CancellationToken cancellationToken) =>
        Task.WhenAll(_silos.Select(silo => silo.StartAsync(ingest, cancellationToken)));

    /// <summary>SIGKILLs every silo at once: whatever was not durable is gone.</summary>
    public Task KillAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_silos.Select(silo => silo.KillAsync(cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync().ConfigureAwait(false);
        }
    }
}
