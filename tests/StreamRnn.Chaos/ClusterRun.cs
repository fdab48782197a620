using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>
/// One run over the readings topic: start the silos, let them ingest (while <c>duringIngest</c> does its work),
/// wait until the consumer group has committed the whole log, SIGKILL every silo, start them again with ingest
/// off and read what they persisted: every sensor's snapshot and the alerts topic.
/// </summary>
internal sealed class ClusterRun
{
    private static readonly TimeSpan AlertsReadTimeout = TimeSpan.FromMinutes(2);

    private readonly BuildOutputs _outputs;
    private readonly ClusterSpec _spec;
    private readonly int _silos;
    private readonly int _spares;
    private readonly string _logDirectory;
    private readonly ConsoleLog _log;
    private readonly TimeProvider _timeProvider;

    public ClusterRun(BuildOutputs outputs, ClusterSpec spec, int silos, string logDirectory, ConsoleLog log, TimeProvider timeProvider, int spares = 0)
    {
        _outputs = outputs;
        _spec = spec;
        _silos = silos;
        _spares = spares;
        _logDirectory = logDirectory;
        _log = log;
        _timeProvider = timeProvider;
    }

    public async Task<RunOutcome> RunAsync(IReadOnlyList<string> sensorIds, Func<SiloCluster, CancellationToken, Task> duringIngest, TimeSpan catchUpTimeout, CancellationToken cancellationToken)
    {
        var partitions = await KafkaTopics.PartitionsAsync(_spec.BootstrapServers, _spec.ReadingsTopic, cancellationToken).ConfigureAwait(false);
        await using var cluster = new SiloCluster(_outputs, _spec, _silos, _logDirectory, _spares);
        await cluster.StartAllAsync(ingest: true, cancellationToken).ConfigureAwait(false);
        _log.Line(string.Create(CultureInfo.InvariantCulture, $"{_spec.Name}: {_silos} silo(s) ready (cluster {_spec.ClusterId}, group {_spec.ConsumerGroup})"));

        await duringIngest(cluster, cancellationToken).ConfigureAwait(false);

        using (var progress = new ConsumerGroupProgress(_spec.BootstrapServers, _spec.ConsumerGroup, _spec.ReadingsTopic, _timeProvider))
        {
            var lastReport = _timeProvider.GetTimestamp();
            await progress.WaitUntilCaughtUpAsync(
                partitions,
                catchUpTimeout,
                lag =>
                {
                    if (_timeProvider.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds(10))
                    {
                        lastReport = _timeProvider.GetTimestamp();
                        _log.Line(string.Create(CultureInfo.InvariantCulture, $"{_spec.Name}: {lag} readings not committed yet"));
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        _log.Line($"{_spec.Name}: committed offsets reached the end of the log on every partition; SIGKILL every silo");
        await cluster.KillAllAsync(cancellationToken).ConfigureAwait(false);

        // Every silo again, ingest off, on its own ports: each one retires its killed predecessor's membership entry,
        // so none waits for Orleans to give up on a dead silo. All state they serve comes from Redis.
        await cluster.StartAllAsync(ingest: false, cancellationToken).ConfigureAwait(false);
        _log.Line($"{_spec.Name}: silos restarted with ingest off; reading {sensorIds.Count} snapshots and {_spec.AlertsTopic}");
        var snapshots = await SnapshotReader.ReadAsync(_spec, sensorIds, _timeProvider, cancellationToken).ConfigureAwait(false);
        var (alertIds, alertMessages) = await AlertTopicReader.ReadAsync(_spec.BootstrapServers, _spec.AlertsTopic, AlertsReadTimeout, cancellationToken).ConfigureAwait(false);
        await cluster.KillAllAsync(cancellationToken).ConfigureAwait(false);
        _log.Line(string.Create(CultureInfo.InvariantCulture, $"{_spec.Name}: {snapshots.Count} snapshots, {alertIds.Count} alert ids"));
        return new RunOutcome(snapshots, alertIds, alertMessages);
    }
}
