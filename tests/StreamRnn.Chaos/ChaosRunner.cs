using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>
/// The chaos test. Produces the input once, at a steady rate, while the chaos cluster ingests it and silos are
/// killed; then a fault-free reference cluster (its own ids, Redis database, consumer group and alerts topic)
/// consumes the same log from the start. Its outcome does not depend on timing, so it is the expected one.
/// </summary>
internal sealed class ChaosRunner
{
    private const int Partitions = 8;
    private const int ChaosRedisDatabase = 1;
    private const int ReferenceRedisDatabase = 2;

    /// <summary>The reference run needs no redundancy: one silo.</summary>
    private const int ReferenceSilos = 1;

    private readonly ChaosSettings _settings;
    private readonly ConsoleLog _log;
    private readonly TimeProvider _timeProvider;

    public ChaosRunner(ChaosSettings settings, ConsoleLog log, TimeProvider timeProvider)
    {
        _settings = settings;
        _log = log;
        _timeProvider = timeProvider;
    }

    public async Task<AuditResult> RunAsync(CancellationToken cancellationToken)
    {
        var outputs = BuildOutputs.Locate();
        var output = Directory.CreateDirectory(_settings.OutputDirectory).FullName;
        _log.Line($"logs in {output}");
        var series = new SyntheticSeries(_settings.Sensors, _settings.Readings, _settings.Seed);

        await using var redis = await RedisServerProcess.StartAsync(output, cancellationToken).ConfigureAwait(false);
        _log.Line(string.Create(CultureInfo.InvariantCulture, $"redis-server on port {redis.Port}"));
        await using var kafka = await KafkaServeProcess.StartAsync(outputs, Partitions, output, cancellationToken).ConfigureAwait(false);
        _log.Line($"streamrnn kafka serve: bootstrap.servers={kafka.BootstrapServers}");

        var chaos = ClusterSpec.For("chaos", _settings.Seed, ChaosRedisDatabase, redis, kafka.BootstrapServers, _settings.CheckpointInterval);
        var reference = ClusterSpec.For("reference", _settings.Seed, ReferenceRedisDatabase, redis, kafka.BootstrapServers, _settings.CheckpointInterval);
        await KafkaTopics.EnsureAsync(kafka.BootstrapServers, [chaos.AlertsTopic, reference.AlertsTopic], cancellationToken).ConfigureAwait(false);
        var sensorIds = Enumerable.Range(0, series.Sensors).Select(series.SensorId).ToArray();
        var catchUp = _settings.Timeout;

        var producer = new ReadingProducer(series, kafka.BootstrapServers, chaos.ReadingsTopic, _timeProvider);
        var kills = 0;
        var spares = _settings.Membership ? 1 : 0;
        var chaosOutcome = await new ClusterRun(outputs, chaos, _settings.Silos, Path.Combine(output, "chaos"), _log, _timeProvider, spares).RunAsync(
            sensorIds,
            async (cluster, token) =>
            {
                _log.Line(string.Create(CultureInfo.InvariantCulture, $"producing {series.Readings} readings over {series.Sensors} sensors at {_settings.Rate} readings/s"));
                var production = producer.ProduceAsync(_settings.Rate, progress: null, token);
                if (_settings.Membership)
                {
                    await new MembershipChanges(cluster, _settings.Seed, _settings.KillInterval, _timeProvider, _log)
                        .RunAsync(() => string.Create(CultureInfo.InvariantCulture, $"{producer.Ledger.Delivered} readings delivered"), token).ConfigureAwait(false);
                }

                var killer = new SiloKiller(cluster, _settings.Seed, _settings.KillInterval, _timeProvider, _log);
                kills = await killer.RunAsync(_settings.Kills, production, () => string.Create(CultureInfo.InvariantCulture, $"{producer.Ledger.Delivered} readings delivered"), token).ConfigureAwait(false);
                var ledger = await production.ConfigureAwait(false);
                if (ledger.Failed > 0)
                {
                    throw new ChaosSetupException(string.Create(CultureInfo.InvariantCulture, $"{ledger.Failed} readings could not be produced."));
                }

                _log.Line(string.Create(CultureInfo.InvariantCulture, $"produced {ledger.Delivered} readings; {kills} kills"));
            },
            catchUp,
            cancellationToken).ConfigureAwait(false);

        var produced = ProducedInput.From(series, producer.Ledger);
        var referenceOutcome = await new ClusterRun(outputs, reference, ReferenceSilos, Path.Combine(output, "reference"), _log, _timeProvider).RunAsync(
            sensorIds,
            (_, _) => Task.CompletedTask,
            catchUp,
            cancellationToken).ConfigureAwait(false);

        return ChaosAudit.Compare(kills, produced, chaosOutcome, referenceOutcome);
    }
}
