using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamRnn.Kafka.Native;

namespace StreamRnn.Kafka;

/// <summary>
/// An embedded Kafka: librdkafka's own mock cluster, started in this process. Clients talk the real
/// Kafka protocol to it over TCP on 127.0.0.1 (produce, fetch, consumer groups, offset commits,
/// idempotent producers), so any Kafka client works against <see cref="BootstrapServers"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>In-memory and not durable.</b> Every topic, message and committed offset lives in this
/// process's memory and is gone when it is disposed or the process stops. Each partition keeps at
/// most about 5 MB or 100,000 record batches; older batches are dropped, like retention. It is for
/// local runs, demos and tests, never for data that matters.
/// </para>
/// <para>Admin requests such as CreateTopics are not served by the mock brokers: create topics with <see cref="CreateTopic"/>.</para>
/// </remarks>
public sealed partial class EmbeddedKafkaCluster : IDisposable
{
    /// <summary>Brokers started when no count is given.</summary>
    public const int DefaultBrokerCount = 3;

    /// <summary>The most brokers one embedded cluster may have.</summary>
    public const int MaxBrokerCount = 16;

    private readonly KafkaClientHandle _client;
    private readonly MockClusterHandle _cluster;
    private readonly ILogger _logger;

    /// <summary>Starts a mock cluster of <paramref name="brokerCount"/> brokers, each listening on a free port of 127.0.0.1.</summary>
    public EmbeddedKafkaCluster(int brokerCount = DefaultBrokerCount, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerCount, MaxBrokerCount);
        KafkaNativeLibrary.EnsureLoaded();
        _logger = logger ?? NullLogger.Instance;
        BrokerCount = brokerCount;

        _client = CreateClientHandle();
        try
        {
            _cluster = MockClusterHandle.Create(_client, brokerCount);
            BootstrapServers = Marshal.PtrToStringUTF8(LibRdKafka.rd_kafka_mock_cluster_bootstraps(_cluster))
                ?? throw new InvalidOperationException("The embedded Kafka cluster reported no bootstrap servers.");
            BrokerListenPorts = ParsePorts(BootstrapServers, brokerCount);
        }
        catch
        {
            _cluster?.Dispose();
            _client.Dispose();
            throw;
        }

        LogStarted(_logger, brokerCount, BootstrapServers);
    }

    /// <summary>The number of brokers.</summary>
    public int BrokerCount { get; }

    /// <summary>Comma-separated <c>host:port</c> list of the brokers, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates a topic.</summary>
    /// <param name="name">A legal Kafka topic name.</param>
    /// <param name="partitions">At least 1.</param>
    /// <param name="replicationFactor">Between 1 and <see cref="BrokerCount"/>.</param>
    /// <exception cref="ArgumentException">The name or a count is not acceptable.</exception>
    /// <exception cref="KafkaException">The cluster refused, e.g. <see cref="ErrorCode.TopicAlreadyExists"/>.</exception>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentNullException.ThrowIfNull(name);
        var problem = KafkaTopicNames.Validate(name);
        if (problem is not null)
        {
            throw new ArgumentException($"Topic name '{name}' {problem}.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);

        var error = LibRdKafka.rd_kafka_mock_topic_create(_cluster, name, partitions, replicationFactor);
        if (error != 0)
        {
            var code = (ErrorCode)error;
            throw new KafkaException(new Error(
                code,
                $"The embedded Kafka cluster could not create topic '{name}' ({partitions} partitions, replication factor {replicationFactor}): {code} ({LibRdKafka.ErrorToString(error)})."));
        }

        LogTopicCreated(_logger, name, partitions, replicationFactor);
    }

    /// <summary>
    /// Sets how long a new (empty) consumer group waits for more members before its first
    /// rebalance. Kafka's default, which the mock copies, is 3 seconds.
    /// </summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        // librdkafka declares this one void: it only stores the value for groups created from now on.
        LibRdKafka.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, checked((int)delay.TotalMilliseconds));
    }

    /// <summary>
    /// The port each broker listens on, in broker-id order: <c>BrokerListenPorts[0]</c> is broker 1's. librdkafka
    /// binds every mock broker to a free (ephemeral) port of 127.0.0.1 and offers no way to choose it.
    /// </summary>
    public IReadOnlyList<int> BrokerListenPorts { get; }

    /// <summary>
    /// Makes broker <paramref name="brokerId"/> (1 to <see cref="BrokerCount"/>) advertise
    /// <paramref name="host"/>:<paramref name="port"/> in metadata responses instead of its own listener. The
    /// listener does not move: something must forward that address to <see cref="BrokerListenPorts"/> (a TCP
    /// relay), or clients that learn it from metadata cannot connect.
    /// </summary>
    public void AdvertiseBroker(int brokerId, string host, int port)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerId, BrokerCount);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        LibRdKafka.rd_kafka_mock_broker_set_host_port(_cluster, brokerId, host, port);
        LogBrokerAdvertised(_logger, brokerId, host, port, BrokerListenPorts[brokerId - 1]);
    }

    /// <summary>
    /// Fault injection: broker <paramref name="brokerId"/> (1 to <see cref="BrokerCount"/>) closes every connection and
    /// refuses new ones until <see cref="SetBrokerUp"/>. Its partitions keep it as their leader, as a crashed broker's do
    /// until the controller notices.
    /// </summary>
    public void SetBrokerDown(int brokerId)
    {
        CheckBroker(brokerId);
        ThrowIfFailed(LibRdKafka.rd_kafka_mock_broker_set_down(_cluster, brokerId), $"set broker {brokerId} down");
        LogBrokerState(_logger, brokerId, "down");
    }

    /// <summary>Fault injection: broker <paramref name="brokerId"/> accepts connections again.</summary>
    public void SetBrokerUp(int brokerId)
    {
        CheckBroker(brokerId);
        ThrowIfFailed(LibRdKafka.rd_kafka_mock_broker_set_up(_cluster, brokerId), $"set broker {brokerId} up");
        LogBrokerState(_logger, brokerId, "up");
    }

    /// <summary>
    /// Fault injection: the next <paramref name="errors"/>.Length requests of type <paramref name="apiKey"/>, to any
    /// broker, fail with these errors, one each, in order. <see cref="ErrorCode.Local_Transport"/> makes the broker
    /// drop the connection instead of answering.
    /// </summary>
    public unsafe void PushRequestErrors(KafkaApiKey apiKey, params ReadOnlySpan<ErrorCode> errors)
    {
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        if (errors.IsEmpty)
        {
            return;
        }

        var codes = new int[errors.Length];
        for (var i = 0; i < errors.Length; i++)
        {
            codes[i] = (int)errors[i];
        }

        fixed (int* first = codes)
        {
            LibRdKafka.rd_kafka_mock_push_request_errors_array(_cluster, (short)apiKey, (nuint)codes.Length, first);
        }
    }

    /// <summary>Drops the errors still queued for <paramref name="apiKey"/> by <see cref="PushRequestErrors"/>.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey)
    {
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        LibRdKafka.rd_kafka_mock_clear_request_errors(_cluster, (short)apiKey);
    }

    /// <summary>
    /// Fault injection: moves the leadership of <paramref name="topic"/>'s <paramref name="partition"/> to broker
    /// <paramref name="brokerId"/>; clients still sending to the old leader get <see cref="ErrorCode.NotLeaderForPartition"/>
    /// and look the new one up.
    /// </summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        CheckBroker(brokerId);
        ThrowIfFailed(LibRdKafka.rd_kafka_mock_partition_set_leader(_cluster, topic, partition, brokerId), $"move the leader of {topic}[{partition}] to broker {brokerId}");
    }

    /// <summary>Starts recording the requests the brokers receive (from now on, none recorded yet), for <see cref="CountRequests"/>.</summary>
    public void StartRequestTracking()
    {
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        LibRdKafka.rd_kafka_mock_clear_requests(_cluster);
        LibRdKafka.rd_kafka_mock_start_request_tracking(_cluster);
    }

    /// <summary>Stops recording requests. librdkafka 2.16 forgets the recorded ones too: count them before.</summary>
    public void StopRequestTracking()
    {
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        LibRdKafka.rd_kafka_mock_stop_request_tracking(_cluster);
    }

    /// <summary>
    /// How many requests of type <paramref name="apiKey"/> the brokers received since <see cref="StartRequestTracking"/>.
    /// Each one takes the next error <see cref="PushRequestErrors"/> queued for its type, if any.
    /// </summary>
    public unsafe int CountRequests(KafkaApiKey apiKey)
    {
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        var requests = LibRdKafka.rd_kafka_mock_get_requests(_cluster, out var count);
        if (requests is null)
        {
            return 0;
        }

        try
        {
            var matching = 0;
            for (nuint i = 0; i < count; i++)
            {
                if (LibRdKafka.rd_kafka_mock_request_api_key(requests[i]) == (short)apiKey)
                {
                    matching++;
                }
            }

            return matching;
        }
        finally
        {
            LibRdKafka.rd_kafka_mock_request_destroy_array(requests, count);
        }
    }

    /// <summary>Stops the brokers and frees every message they held.</summary>
    public void Dispose()
    {
        if (_cluster.IsClosed)
        {
            return;
        }

        // The cluster holds a reference on the client handle: destroying the cluster comes first.
        _cluster.Dispose();
        _client.Dispose();
        LogStopped(_logger, BootstrapServers);
    }

    private void CheckBroker(int brokerId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerId, BrokerCount);
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
    }

    private static void ThrowIfFailed(int error, string what)
    {
        if (error != 0)
        {
            var code = (ErrorCode)error;
            throw new KafkaException(new Error(code, $"The embedded Kafka cluster could not {what}: {code} ({LibRdKafka.ErrorToString(error)})."));
        }
    }

    // librdkafka lists the brokers in creation order, which is broker id order (1, 2, ...), as 127.0.0.1:port.
    private static int[] ParsePorts(string bootstrapServers, int brokerCount)
    {
        var entries = bootstrapServers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ports = new int[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var colon = entries[i].LastIndexOf(':');
            if (colon < 0 || !int.TryParse(entries[i].AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ports[i]))
            {
                throw new InvalidOperationException($"The embedded Kafka cluster reported bootstrap servers '{bootstrapServers}' that are not host:port entries.");
            }
        }

        if (ports.Length != brokerCount)
        {
            throw new InvalidOperationException($"The embedded Kafka cluster reported {ports.Length} bootstrap server(s) for {brokerCount} broker(s): '{bootstrapServers}'.");
        }

        return ports;
    }

    private static unsafe KafkaClientHandle CreateClientHandle()
    {
        var conf = LibRdKafka.rd_kafka_conf_new();
        var error = stackalloc byte[LibRdKafka.ErrorStringSize];
        // The handle only hosts the mock cluster and never connects anywhere: log_level 4 keeps
        // librdkafka's notice that it has no bootstrap.servers off the console.
        (string Name, string Value)[] settings = [("client.id", "streamrnn-embedded-kafka"), ("log_level", "4")];
        foreach (var (name, value) in settings)
        {
            if (LibRdKafka.rd_kafka_conf_set(conf, name, value, error, LibRdKafka.ErrorStringSize) != LibRdKafka.ConfOk)
            {
                LibRdKafka.rd_kafka_conf_destroy(conf);
                throw new InvalidOperationException($"librdkafka refused {name}: " + LibRdKafka.ReadNulTerminated(new ReadOnlySpan<byte>(error, LibRdKafka.ErrorStringSize)));
            }
        }

        var client = LibRdKafka.rd_kafka_new(LibRdKafka.ProducerType, conf, error, LibRdKafka.ErrorStringSize);
        if (client.IsInvalid)
        {
            client.Dispose();
            LibRdKafka.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException("librdkafka could not create the handle for the embedded cluster: " + LibRdKafka.ReadNulTerminated(new ReadOnlySpan<byte>(error, LibRdKafka.ErrorStringSize)));
        }

        return client;
    }

    [LoggerMessage(1, LogLevel.Information, "Embedded Kafka cluster started: {BrokerCount} broker(s) at {BootstrapServers} (librdkafka mock cluster: in-memory, not durable)")]
    private static partial void LogStarted(ILogger logger, int brokerCount, string bootstrapServers);

    [LoggerMessage(2, LogLevel.Debug, "Embedded Kafka topic {Topic} created with {Partitions} partition(s), replication factor {ReplicationFactor}")]
    private static partial void LogTopicCreated(ILogger logger, string topic, int partitions, int replicationFactor);

    [LoggerMessage(4, LogLevel.Debug, "Embedded Kafka broker {BrokerId} advertises {Host}:{Port} (it listens on 127.0.0.1:{ListenPort})")]
    private static partial void LogBrokerAdvertised(ILogger logger, int brokerId, string host, int port, int listenPort);

    [LoggerMessage(5, LogLevel.Information, "Embedded Kafka broker {BrokerId} set {State} (fault injection)")]
    private static partial void LogBrokerState(ILogger logger, int brokerId, string state);

    [LoggerMessage(3, LogLevel.Information, "Embedded Kafka cluster at {BootstrapServers} stopped; its messages are gone")]
    private static partial void LogStopped(ILogger logger, string bootstrapServers);
}
