using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>
/// Membership changes under load: after an interval a spare silo joins the cluster (scale-out), and after another a
/// member chosen by a seeded <see cref="Random"/> among the first ones is stopped gracefully with SIGTERM and not
/// restarted (scale-in). Partitions and sensors move both times; the audit checks that every count stays exact.
/// </summary>
internal sealed class MembershipChanges
{
    private readonly SiloCluster _cluster;
    private readonly Random _random;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly ConsoleLog _log;

    public MembershipChanges(SiloCluster cluster, int seed, TimeSpan interval, TimeProvider timeProvider, ConsoleLog log)
    {
        _cluster = cluster;
        _random = new Random(seed ^ 0x5eed);
        _interval = interval;
        _timeProvider = timeProvider;
        _log = log;
    }

    public async Task RunAsync(Func<string> progress, CancellationToken cancellationToken)
    {
        // The deliberate pauses between changes (not a synchronisation).
        await Task.Delay(_interval, _timeProvider, cancellationToken).ConfigureAwait(false);
        var added = await _cluster.ScaleOutAsync(cancellationToken).ConfigureAwait(false);
        _log.Line(string.Create(CultureInfo.InvariantCulture, $"scale-out: {added.Name} joined ({progress()}); {_cluster.Count} silos"));

        await Task.Delay(_interval, _timeProvider, cancellationToken).ConfigureAwait(false);
        var removed = await _cluster.ScaleInAsync(_random.Next(_cluster.Count - 1), cancellationToken).ConfigureAwait(false);
        _log.Line(string.Create(CultureInfo.InvariantCulture, $"scale-in: SIGTERM {removed.Name}, stopped gracefully ({progress()}); {_cluster.Count} silos"));
    }
}
