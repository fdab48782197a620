namespace StreamRnn.Chaos;

/// <summary>
/// The silo processes of one run, each on its own fixed ports: the members, and spares that a scale-out starts.
/// A member stopped by a scale-in becomes a spare again.
/// </summary>
internal sealed class SiloCluster : IAsyncDisposable
{
    private readonly SiloProcess[] _silos;
    private readonly List<SiloProcess> _members;

    public SiloCluster(BuildOutputs outputs, ClusterSpec spec, int silos, string logDirectory, int spares = 0)
    {
        Spec = spec;
        Directory.CreateDirectory(logDirectory);
        var ports = SiloPorts.Take(silos + spares);
        _silos = [.. Enumerable.Range(0, silos + spares).Select(i => new SiloProcess(outputs, spec, i, ports[i], logDirectory))];
        _members = [.. _silos.Take(silos)];
    }

    public ClusterSpec Spec { get; }

    /// <summary>Members: silos that run (or are being restarted after a kill).</summary>
    public int Count => _members.Count;

    public SiloProcess this[int index] => _members[index];

    /// <summary>Starts every member at once and returns when all are ready.</summary>
    public Task StartAllAsync(bool ingest, CancellationToken cancellationToken) =>
        Task.WhenAll(_members.Select(silo => silo.StartAsync(ingest, cancellationToken)));

    /// <summary>SIGKILLs every silo at once: whatever was not durable is gone.</summary>
    public Task KillAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_silos.Select(silo => silo.KillAsync(cancellationToken)));

    /// <summary>Starts a spare (ingesting) and makes it a member; returns it once it is ready.</summary>
    public async Task<SiloProcess> ScaleOutAsync(CancellationToken cancellationToken)
    {
        var spare = _silos.Except(_members).FirstOrDefault()
            ?? throw new InvalidOperationException("No spare silo to add.");
        await spare.StartAsync(ingest: true, cancellationToken).ConfigureAwait(false);
        _members.Add(spare);
        return spare;
    }

    /// <summary>Stops a member gracefully (SIGTERM) and makes it a spare; returns it once it has exited.</summary>
    public async Task<SiloProcess> ScaleInAsync(int index, CancellationToken cancellationToken)
    {
        var member = _members[index];
        _members.RemoveAt(index);
        await member.StopAsync(cancellationToken).ConfigureAwait(false);
        return member;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync().ConfigureAwait(false);
        }
    }
}
