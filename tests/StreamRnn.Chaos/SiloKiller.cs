using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>
/// Every kill interval, SIGKILLs a silo chosen by a seeded <see cref="Random"/> and starts it again on the same
/// ports (waiting until it is ready), until it has killed the required number of silos and production is over.
/// </summary>
internal sealed class SiloKiller
{
    private readonly SiloCluster _cluster;
    private readonly Random _random;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly ConsoleLog _log;

    public SiloKiller(SiloCluster cluster, int seed, TimeSpan interval, TimeProvider timeProvider, ConsoleLog log)
    {
        _cluster = cluster;
        _random = new Random(seed);
        _interval = interval;
        _timeProvider = timeProvider;
        _log = log;
    }

    /// <summary>Kills at least <paramref name="kills"/> times, and goes on while <paramref name="production"/> runs; returns the kills.</summary>
    public async Task<int> RunAsync(int kills, Task production, Func<string> progress, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < kills || (kills > 0 && !production.IsCompleted))
        {
            // The deliberate pause between faults (not a synchronisation).
            await Task.Delay(_interval, _timeProvider, cancellationToken).ConfigureAwait(false);
            var silo = _cluster[_random.Next(_cluster.Count)];
            await silo.KillAsync(cancellationToken).ConfigureAwait(false);
            done++;
            _log.Line(string.Create(CultureInfo.InvariantCulture, $"kill {done}: SIGKILL {silo.Name} ({progress()}); restarting it on ports {silo.Ports.Silo}/{silo.Ports.Gateway}"));
            await silo.StartAsync(ingest: true, cancellationToken).ConfigureAwait(false);
            _log.Line(string.Create(CultureInfo.InvariantCulture, $"kill {done}: {silo.Name} is back"));
        }

        return done;
    }
}
