using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Kafka;

/// <summary>
/// Kafka settings, bound from the <c>Kafka</c> configuration section. With no
/// <see cref="BootstrapServers"/> the process starts an <see cref="EmbeddedKafkaCluster"/>
/// (in-memory, not durable).
/// </summary>
public sealed class KafkaOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Kafka";

    private const string DefaultReadingsTopic = "sensor-readings";
    private const string DefaultDeadLetterTopic = "sensor-readings-dlq";
    private const string DefaultAlertsTopic = "sensor-alerts";
    private const string DefaultAlertEventsTopic = "sensor-alert-events";
    private const string DefaultConsumerGroup = "streamrnn-ingest";
    private const int DefaultEmbeddedBrokers = 3;
    private const int DefaultPartitions = 8;
    private const int DefaultMaxReadingBytes = 4096;
    private static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MinStartupTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxStartupTimeout = TimeSpan.FromHours(1);

    /// <summary>
    /// librdkafka properties that StreamRnn sets itself: <see cref="Client"/> may not carry them.
    /// </summary>
    internal static readonly string[] ManagedClientProperties =
    [
        "bootstrap.servers",
        "metadata.broker.list",
        "group.id",
        "enable.auto.offset.store",
        "enable.idempotence",
        "acks",
    ];

    /// <summary>
    /// Comma-separated <c>host:port</c> list of a real Kafka cluster. Null or empty: start an
    /// embedded, in-memory cluster instead.
    /// </summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Topic of incoming sensor readings (key: sensor id; value: <see cref="ReadingCodec"/> JSON).</summary>
    [Required(ErrorMessage = "Kafka:ReadingsTopic is required.")]
    public string ReadingsTopic { get; set; } = DefaultReadingsTopic;

    /// <summary>Topic that receives readings that cannot be used, with <see cref="DeadLetterHeaders"/>.</summary>
    [Required(ErrorMessage = "Kafka:DeadLetterTopic is required.")]
    public string DeadLetterTopic { get; set; } = DefaultDeadLetterTopic;

    /// <summary>Topic of sensor alerts.</summary>
    [Required(ErrorMessage = "Kafka:AlertsTopic is required.")]
    public string AlertsTopic { get; set; } = DefaultAlertsTopic;

    /// <summary>Topic of alert lifecycle events (opened, suppressed, acknowledged, resolved; key: sensor id; value: <c>AlertLifecycleEventJson</c>).</summary>
    [Required(ErrorMessage = "Kafka:AlertEventsTopic is required.")]
    public string AlertEventsTopic { get; set; } = DefaultAlertEventsTopic;

    /// <summary>
    /// Topic that receives every reading's score (<c>SensorScore</c> JSON, key: sensor id) when set; unset (the
    /// default) publishes none. For evaluation and dashboards: one message per reading.
    /// </summary>
    public string? ScoresTopic { get; set; }

    /// <summary>Consumer group of the ingest consumers.</summary>
    [Required(ErrorMessage = "Kafka:ConsumerGroup is required.")]
    [MaxLength(255, ErrorMessage = "Kafka:ConsumerGroup must be at most 255 characters.")]
    public string ConsumerGroup { get; set; } = DefaultConsumerGroup;

    /// <summary>Brokers of the embedded cluster (only used when <see cref="BootstrapServers"/> is empty).</summary>
    [SettingRange(1, EmbeddedKafkaCluster.MaxBrokerCount, ErrorMessage = "Kafka:EmbeddedBrokers must be between {1} and {2}.")]
    public int EmbeddedBrokers { get; set; } = DefaultEmbeddedBrokers;

    /// <summary>Partitions of each topic StreamRnn creates (in the embedded cluster, or missing topics of a real one).</summary>
    [SettingRange(1, 10_000, ErrorMessage = "Kafka:Partitions must be between {1} and {2}.")]
    public int Partitions { get; set; } = DefaultPartitions;

    /// <summary>Largest accepted reading value in bytes; larger ones are dead-lettered as <see cref="DeadLetterReason.Oversized"/>.</summary>
    [SettingRange(64, 1_048_576, ErrorMessage = "Kafka:MaxReadingBytes must be between {1} and {2}.")]
    public int MaxReadingBytes { get; set; } = DefaultMaxReadingBytes;

    /// <summary>
    /// How long a silo keeps trying to reach the cluster at <see cref="BootstrapServers"/> when it starts (logging each
    /// failed try) before it gives up and exits non-zero, naming the servers. Between 1 s and 1 h; 2 min by default.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = DefaultStartupTimeout;

    /// <summary>
    /// Extra librdkafka properties passed verbatim to every producer, consumer and admin client,
    /// e.g. <c>security.protocol</c>, <c>sasl.mechanism</c>, <c>sasl.username</c>,
    /// <c>sasl.password</c>, <c>ssl.ca.location</c>. Configuration keys:
    /// <c>Kafka:Client:security.protocol</c> (environment: <c>Kafka__Client__security.protocol</c>).
    /// </summary>
    public Dictionary<string, string> Client { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A file whose content (one line; a trailing newline is ignored) is the SASL password (<c>sasl.password</c>) of
    /// every Kafka client: a mounted secret. The other way is the environment (<c>Kafka__Client__sasl.password</c>);
    /// never a command-line argument, which any user of the machine can read.
    /// </summary>
    public string? SaslPasswordFile { get; set; }

    /// <summary>
    /// Extra librdkafka properties for consumers only (applied after <see cref="Client"/>), e.g.
    /// <c>Kafka:Consumer:session.timeout.ms</c> or <c>max.poll.interval.ms</c>; consumer-only settings
    /// put in <see cref="Client"/> make librdkafka warn on every producer.
    /// </summary>
    public Dictionary<string, string> Consumer { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra librdkafka properties for producers only (applied after <see cref="Client"/>), e.g. <c>Kafka:Producer:compression.type</c>.</summary>
    public Dictionary<string, string> Producer { get; } = new(StringComparer.Ordinal);

    /// <summary>Cross-field rules; each message names the setting (e.g. <c>Kafka:AlertsTopic</c>).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var topics = new (string Setting, string? Value)[]
        {
            (nameof(ReadingsTopic), ReadingsTopic),
            (nameof(DeadLetterTopic), DeadLetterTopic),
            (nameof(AlertsTopic), AlertsTopic),
            (nameof(AlertEventsTopic), AlertEventsTopic),
            (nameof(ScoresTopic), ScoresTopic),
        };

        foreach (var (setting, value) in topics)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var problem = KafkaTopicNames.Validate(value);
            if (problem is not null)
            {
                yield return Failure($"Kafka:{setting} '{value}' is not a valid Kafka topic name: it {problem}.", setting);
            }
        }

        for (var i = 0; i < topics.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (setting, value) = topics[i];
                var (otherSetting, other) = topics[j];
                if (string.IsNullOrEmpty(value) || string.IsNullOrEmpty(other))
                {
                    continue;
                }

                if (string.Equals(value, other, StringComparison.Ordinal))
                {
                    yield return Failure($"Kafka:{setting} must differ from Kafka:{otherSetting} (both are '{value}').", setting);
                }
                else if (string.Equals(KafkaTopicNames.MetricName(value), KafkaTopicNames.MetricName(other), StringComparison.Ordinal))
                {
                    yield return Failure(
                        $"Kafka:{setting} '{value}' collides with Kafka:{otherSetting} '{other}': Kafka treats '.' and '_' alike in metric names.",
                        setting);
                }
            }
        }

        if (ConsumerGroup is not null && ConsumerGroup.Length > 0 && string.IsNullOrWhiteSpace(ConsumerGroup))
        {
            yield return Failure("Kafka:ConsumerGroup must not be blank.", nameof(ConsumerGroup));
        }

        if (StartupTimeout < MinStartupTimeout || StartupTimeout > MaxStartupTimeout)
        {
            yield return Failure($"Kafka:StartupTimeout must be between {MinStartupTimeout:c} and {MaxStartupTimeout:c} (was {StartupTimeout:c}).", nameof(StartupTimeout));
        }

        if (!string.IsNullOrWhiteSpace(BootstrapServers))
        {
            foreach (var entry in BootstrapServers.Split(','))
            {
                var server = entry.Trim();
                if (server.Length == 0)
                {
                    yield return Failure($"Kafka:BootstrapServers '{BootstrapServers}' has an empty entry; use host:port[,host:port...].", nameof(BootstrapServers));
                    break;
                }

                if (server.Any(char.IsWhiteSpace) || server.Any(char.IsControl))
                {
                    yield return Failure($"Kafka:BootstrapServers entry '{server}' contains whitespace; use host:port[,host:port...].", nameof(BootstrapServers));
                    break;
                }

                var colon = server.LastIndexOf(':');
                var bracket = server.LastIndexOf(']');
                if (colon > bracket && colon >= 0)
                {
                    var port = server[(colon + 1)..];
                    if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
                    {
                        yield return Failure($"Kafka:BootstrapServers entry '{server}' has an invalid port '{port}'.", nameof(BootstrapServers));
                        break;
                    }
                }
            }
        }

        foreach (var (section, properties) in new[] { (nameof(Client), Client), (nameof(Consumer), Consumer), (nameof(Producer), Producer) })
        {
            foreach (var (key, value) in properties)
            {
                if (string.IsNullOrWhiteSpace(key))
                {
                    yield return Failure($"Kafka:{section} has an empty property name.", section);
                    continue;
                }

                if (ManagedClientProperties.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    var instead = key switch
                    {
                        "bootstrap.servers" or "metadata.broker.list" => " Set Kafka:BootstrapServers instead.",
                        "group.id" => " Set Kafka:ConsumerGroup instead.",
                        _ => string.Empty,
                    };
                    yield return Failure($"Kafka:{section}:{key} is managed by StreamRnn and cannot be overridden.{instead}", section);
                }

                if (value is null)
                {
                    yield return Failure($"Kafka:{section}:{key} has no value.", section);
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(SaslPasswordFile))
        {
            if (!File.Exists(SaslPasswordFile))
            {
                yield return Failure($"Kafka:SaslPasswordFile: no such file: '{SaslPasswordFile}'.", nameof(SaslPasswordFile));
            }

            if (Client.ContainsKey("sasl.password"))
            {
                yield return Failure("Kafka:SaslPasswordFile and Kafka:Client:sasl.password are both set; give one.", nameof(SaslPasswordFile));
            }
        }

        if (string.IsNullOrWhiteSpace(BootstrapServers)
            && Client.TryGetValue("security.protocol", out var protocol)
            && !string.Equals(protocol, "plaintext", StringComparison.OrdinalIgnoreCase))
        {
            yield return Failure(
                $"Kafka:Client:security.protocol is '{protocol}' but Kafka:BootstrapServers is empty: the embedded cluster only speaks plaintext. Set Kafka:BootstrapServers to use a secured cluster.",
                nameof(Client));
        }
    }

    private static ValidationResult Failure(string message, string member) => new(message, [member]);
}
