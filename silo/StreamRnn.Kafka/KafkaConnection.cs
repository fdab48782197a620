using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StreamRnn.Kafka;

/// <summary>
/// The process's <see cref="IKafkaConnection"/> (a singleton). With no
/// <see cref="KafkaOptions.BootstrapServers"/> it starts an <see cref="EmbeddedKafkaCluster"/> on
/// first use (thread-safe) and creates the three topics in it; disposing the connection stops it.
/// On first use it also loads librdkafka (<see cref="KafkaNativeLibrary"/>) and logs which build.
/// </summary>
public sealed partial class KafkaConnection : IKafkaConnection, IDisposable
{
    private const string DefaultLingerMs = "5";
    private const string EmbeddedSessionTimeoutMs = "6000";
    private const string EmbeddedHeartbeatIntervalMs = "1500";
    private const string ClusterSessionTimeoutMs = "10000";
    private const string ClusterHeartbeatIntervalMs = "3000";
    private static readonly TimeSpan _metadataTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _createTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _minimumMetadataTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _retryDelay = TimeSpan.FromSeconds(2);

    private readonly KafkaOptions _options;
    private readonly ILogger<KafkaConnection> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposing = new();
    private Task? _topicsEnsured;
    private volatile string? _bootstrapServers;
    private EmbeddedKafkaCluster? _embedded;
    private bool _disposed;

    /// <summary>Creates the connection; nothing starts until first use.</summary>
    public KafkaConnection(IOptions<KafkaOptions> options, ILogger<KafkaConnection> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public bool IsEmbedded => string.IsNullOrWhiteSpace(_options.BootstrapServers);

    /// <inheritdoc />
    public string BootstrapServers => _bootstrapServers ?? Start();

    /// <inheritdoc />
    public ConsumerConfig CreateConsumerConfig(string groupId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        var config = new ConsumerConfig();
        ApplyClientProperties(config, _options.Consumer);
        config.BootstrapServers = BootstrapServers;
        config.GroupId = groupId;
        config.EnableAutoOffsetStore = false;
        // Ingest commits explicitly, after each checkpoint has made the readings durable in their sensors.
        SetIfAbsent(config, "enable.auto.commit", "false");
        SetIfAbsent(config, "auto.offset.reset", "earliest");
        SetIfAbsent(config, "client.id", "streamrnn-consumer");
        if (IsEmbedded)
        {
            // The mock coordinator holds a group whose last member left for session.timeout.ms
            // minus 1 s before it admits a new member (45 s by default); in-process, a short
            // session costs nothing and a restarted consumer resumes within seconds.
            SetIfAbsent(config, "session.timeout.ms", EmbeddedSessionTimeoutMs);
            SetIfAbsent(config, "heartbeat.interval.ms", EmbeddedHeartbeatIntervalMs);
        }
        else
        {
            // A killed silo's consumer holds its partitions, and a rebalance waits for it, until its session times out:
            // librdkafka's 45 s default stalls those partitions that long. 10 s (Kafka's minimum is 6 s) notices it sooner.
            SetIfAbsent(config, "session.timeout.ms", ClusterSessionTimeoutMs);
            SetIfAbsent(config, "heartbeat.interval.ms", ClusterHeartbeatIntervalMs);
        }

        return config;
    }

    /// <inheritdoc />
    public ProducerConfig CreateProducerConfig()
    {
        var config = new ProducerConfig();
        ApplyClientProperties(config, _options.Producer);
        config.BootstrapServers = BootstrapServers;
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        SetIfAbsent(config, "linger.ms", DefaultLingerMs);
        SetIfAbsent(config, "client.id", "streamrnn-producer");
        return config;
    }

    /// <inheritdoc />
    public AdminClientConfig CreateAdminConfig()
    {
        var config = new AdminClientConfig();
        ApplyClientProperties(config, null);
        config.BootstrapServers = BootstrapServers;
        SetIfAbsent(config, "client.id", "streamrnn-admin");
        return config;
    }

    /// <inheritdoc />
    public async Task EnsureTopicsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _ = BootstrapServers;
        if (IsEmbedded)
        {
            return;
        }

        // Ingest and the demo fleet both ask at start: one check (and one series of retries) serves them all.
        Task ensure;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ensure = _topicsEnsured ??= Task.Run(() => EnsureTopicsWithRetriesAsync(_disposing.Token), CancellationToken.None);
        }

        await ensure.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the cluster's metadata, retrying (and logging each failed try with the bootstrap servers) for up to
    /// <see cref="KafkaOptions.StartupTimeout"/>, then creates the missing topics. Past the deadline it throws a
    /// <see cref="KafkaException"/> that names the servers and the setting.
    /// </summary>
    private async Task EnsureTopicsWithRetriesAsync(CancellationToken cancellationToken)
    {
        var servers = BootstrapServers;
        var started = _timeProvider.GetTimestamp();
        using var admin = new AdminClientBuilder(CreateAdminConfig()).Build();
        Metadata metadata;
        var attempt = 1;
        for (; ; attempt++)
        {
            var left = _options.StartupTimeout - _timeProvider.GetElapsedTime(started);
            try
            {
                // GetMetadata blocks (bounded by its timeout), so it runs off the caller's thread; the
                // admin client must outlive it, hence no WaitAsync here.
                var timeout = left < _metadataTimeout ? (left > _minimumMetadataTimeout ? left : _minimumMetadataTimeout) : _metadataTimeout;
                metadata = await Task.Run(() => admin.GetMetadata(timeout), cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (KafkaException exception) when (!exception.Error.IsFatal)
            {
                left = _options.StartupTimeout - _timeProvider.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    LogUnreachableGaveUp(_logger, servers, attempt, _options.StartupTimeout, exception.Error.Code, exception.Error.Reason);
                    throw new KafkaException(
                        new Error(exception.Error.Code, $"Kafka at {servers} was not reachable within Kafka:StartupTimeout ({_options.StartupTimeout:c}, {attempt} tries); last error: {exception.Error.Code} ({exception.Error.Reason})."),
                        exception);
                }

                LogUnreachable(_logger, servers, attempt, exception.Error.Code, exception.Error.Reason, TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds)));
                await Task.Delay(left < _retryDelay ? left : _retryDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        if (attempt > 1)
        {
            LogReached(_logger, servers, attempt);
        }

        var existing = metadata.Topics
            .Where(topic => topic.Error.Code == ErrorCode.NoError)
            .Select(topic => topic.Topic)
            .ToHashSet(StringComparer.Ordinal);
        var missing = TopicNames().Where(topic => !existing.Contains(topic)).ToList();
        if (missing.Count == 0)
        {
            LogTopicsPresent(_logger, string.Join(", ", TopicNames()));
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var specifications = missing
            .Select(topic => new TopicSpecification { Name = topic, NumPartitions = _options.Partitions, ReplicationFactor = -1 })
            .ToList();
        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { RequestTimeout = _createTimeout, OperationTimeout = _createTimeout })
                .ConfigureAwait(false);
        }
        catch (CreateTopicsException exception)
        {
            var failures = exception.Results
                .Where(result => result.Error.Code is not ErrorCode.NoError and not ErrorCode.TopicAlreadyExists)
                .ToList();
            if (failures.Count > 0)
            {
                throw new KafkaException(new Error(
                    failures[0].Error.Code,
                    "Could not create Kafka topic(s): " + string.Join("; ", failures.Select(result => $"{result.Topic}: {result.Error.Code} ({result.Error.Reason})"))));
            }
        }

        foreach (var topic in missing)
        {
            LogTopicCreated(_logger, topic, _options.Partitions);
        }
    }

    /// <summary>Stops the embedded cluster, if one was started (its messages are lost).</summary>
    public void Dispose()
    {
        EmbeddedKafkaCluster? embedded;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _disposing.Cancel();
            embedded = _embedded;
            _embedded = null;
        }

        embedded?.Dispose();
        _disposing.Dispose();
    }

    private IEnumerable<string> TopicNames() =>
        string.IsNullOrEmpty(_options.ScoresTopic)
            ? [_options.ReadingsTopic, _options.DeadLetterTopic, _options.AlertsTopic, _options.AlertEventsTopic]
            : [_options.ReadingsTopic, _options.DeadLetterTopic, _options.AlertsTopic, _options.AlertEventsTopic, _options.ScoresTopic];

    /// <summary>The shared <c>Kafka:Client</c> properties, then those of the client's own kind.</summary>
    private void ApplyClientProperties(ClientConfig config, Dictionary<string, string>? ownKind)
    {
        foreach (var (key, value) in _options.Client.Concat(ownKind ?? []))
        {
            config.Set(key, value);
        }

        if (!string.IsNullOrWhiteSpace(_options.SaslPasswordFile))
        {
            // Read for each client, so a rotated secret file is picked up by the next client made.
            config.Set("sasl.password", File.ReadAllText(_options.SaslPasswordFile).TrimEnd('\r', '\n'));
        }
    }

    /// <summary>
    /// A default the <see cref="KafkaOptions.Client"/> properties may override. Compared as raw
    /// strings: librdkafka accepts spellings (e.g. <c>SASL_SSL</c>, <c>smallest</c>) that
    /// Confluent's typed getters cannot parse.
    /// </summary>
    private static void SetIfAbsent(ClientConfig config, string key, string value)
    {
        if (config.Get(key) is null)
        {
            config.Set(key, value);
        }
    }

    private string Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_bootstrapServers is not null)
            {
                return _bootstrapServers;
            }

            KafkaNativeLibrary.EnsureLoaded();
            LogLibrary(_logger, KafkaNativeLibrary.Version, KafkaNativeLibrary.LoadedPath, KafkaNativeLibrary.SelectionReason, KafkaNativeLibrary.BuiltinFeatures);

            if (!IsEmbedded)
            {
                var configured = _options.BootstrapServers!.Trim();
                LogExternal(_logger, configured);
                _bootstrapServers = configured;
                return configured;
            }

            var embedded = new EmbeddedKafkaCluster(_options.EmbeddedBrokers, _logger);
            try
            {
                // One process, no fleet of consumers to wait for: rebalance a new group at once.
                embedded.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
                var replicationFactor = Math.Min(3, embedded.BrokerCount);
                foreach (var topic in TopicNames())
                {
                    embedded.CreateTopic(topic, _options.Partitions, replicationFactor);
                }
            }
            catch
            {
                embedded.Dispose();
                throw;
            }

            _embedded = embedded;
            LogEmbedded(
                _logger,
                embedded.BootstrapServers,
                embedded.BrokerCount,
                string.Join(", ", TopicNames()),
                _options.Partitions.ToString(CultureInfo.InvariantCulture));
            _bootstrapServers = embedded.BootstrapServers;
            return embedded.BootstrapServers;
        }
    }

    [LoggerMessage(10, LogLevel.Information, "librdkafka {Version} loaded from {Path}: {Reason}; builtin.features={Features}")]
    private static partial void LogLibrary(ILogger logger, string version, string path, string reason, string features);

    [LoggerMessage(11, LogLevel.Warning, "Kafka: no Kafka:BootstrapServers configured, so using an EMBEDDED Kafka at {BootstrapServers} ({Brokers} broker(s), librdkafka mock cluster): in-memory, not durable; every message and offset is lost when the process stops. Topics {Topics} created with {Partitions} partition(s)")]
    private static partial void LogEmbedded(ILogger logger, string bootstrapServers, int brokers, string topics, string partitions);

    [LoggerMessage(12, LogLevel.Information, "Kafka: using the cluster at {BootstrapServers}")]
    private static partial void LogExternal(ILogger logger, string bootstrapServers);

    [LoggerMessage(13, LogLevel.Information, "Kafka topic {Topic} created with {Partitions} partition(s)")]
    private static partial void LogTopicCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(15, LogLevel.Warning, "Kafka at {BootstrapServers} is not reachable (try {Attempt}: {Code}, {Reason}); retrying for up to {Left} more (Kafka:StartupTimeout)")]
    private static partial void LogUnreachable(ILogger logger, string bootstrapServers, int attempt, ErrorCode code, string reason, TimeSpan left);

    [LoggerMessage(16, LogLevel.Critical, "Kafka at {BootstrapServers} was not reachable after {Attempts} tries within Kafka:StartupTimeout ({Timeout}); last error {Code}: {Reason}. Giving up")]
    private static partial void LogUnreachableGaveUp(ILogger logger, string bootstrapServers, int attempts, TimeSpan timeout, ErrorCode code, string reason);

    [LoggerMessage(17, LogLevel.Information, "Kafka at {BootstrapServers} reached (try {Attempt})")]
    private static partial void LogReached(ILogger logger, string bootstrapServers, int attempt);

    [LoggerMessage(14, LogLevel.Debug, "Kafka topics {Topics} already exist")]
    private static partial void LogTopicsPresent(ILogger logger, string topics);
}
