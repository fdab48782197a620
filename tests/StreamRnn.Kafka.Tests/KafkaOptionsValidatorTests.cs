using Microsoft.Extensions.Options;

namespace StreamRnn.Kafka.Tests;

public sealed class KafkaOptionsValidatorTests
{
    private readonly KafkaOptionsValidator _validator = new();

    [Fact]
    public void Validate_SaslPasswordFileMissingOrBesideClientPassword_FailsNamingIt()
    {
        var missing = new KafkaOptions { BootstrapServers = "kafka-0:9093", SaslPasswordFile = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}") };
        var file = Path.GetTempFileName();
        try
        {
            var both = new KafkaOptions { BootstrapServers = "kafka-0:9093", SaslPasswordFile = file };
            both.Client["sasl.password"] = "also";

            var missingResult = _validator.Validate(null, missing);
            var bothResult = _validator.Validate(null, both);

            Assert.True(missingResult.Failed);
            Assert.Contains("Kafka:SaslPasswordFile: no such file", missingResult.FailureMessage, StringComparison.Ordinal);
            Assert.True(bothResult.Failed);
            Assert.Contains("Kafka:SaslPasswordFile and Kafka:Client:sasl.password are both set", bothResult.FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = _validator.Validate(null, new KafkaOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_SecuredRealCluster_Succeeds()
    {
        var options = new KafkaOptions { BootstrapServers = "kafka-0.kafka:9093,[::1]:9093,kafka-2" };
        options.Client["security.protocol"] = "SASL_SSL";
        options.Client["sasl.mechanism"] = "PLAIN";

        var result = _validator.Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    public static TheoryData<string, string> InvalidSettings() => new()
    {
        { nameof(KafkaOptions.ReadingsTopic), "Kafka:ReadingsTopic" },
        { "ReadingsTopicBlank", "Kafka:ReadingsTopic" },
        { nameof(KafkaOptions.DeadLetterTopic), "Kafka:DeadLetterTopic" },
        { nameof(KafkaOptions.AlertsTopic), "Kafka:AlertsTopic" },
        { "InternalTopic", "Kafka:AlertsTopic" },
        { nameof(KafkaOptions.AlertEventsTopic), "Kafka:AlertEventsTopic" },
        { "AlertEventsTopicSameAsAlerts", "Kafka:AlertEventsTopic must differ from Kafka:AlertsTopic" },
        { "DuplicateTopics", "Kafka:DeadLetterTopic must differ from Kafka:ReadingsTopic" },
        { "CollidingTopics", "Kafka:AlertsTopic 'sensor.readings' collides with Kafka:ReadingsTopic" },
        { nameof(KafkaOptions.ConsumerGroup), "Kafka:ConsumerGroup" },
        { nameof(KafkaOptions.EmbeddedBrokers), "Kafka:EmbeddedBrokers must be between 1 and 16" },
        { nameof(KafkaOptions.Partitions), "Kafka:Partitions" },
        { nameof(KafkaOptions.MaxReadingBytes), "Kafka:MaxReadingBytes" },
        { "EmptyServer", "Kafka:BootstrapServers" },
        { "BadPort", "Kafka:BootstrapServers entry 'kafka:99999'" },
        { "ManagedClientProperty", "Kafka:Client:bootstrap.servers is managed by StreamRnn" },
        { "ManagedIdempotence", "Kafka:Client:enable.idempotence is managed by StreamRnn" },
        { "EmbeddedWithTls", "Kafka:Client:security.protocol" },
        { "ManagedConsumerGroup", "Kafka:Consumer:group.id is managed by StreamRnn and cannot be overridden. Set Kafka:ConsumerGroup instead." },
        { "ManagedProducerServers", "Kafka:Producer:bootstrap.servers is managed by StreamRnn" },
        { "StartupTimeoutZero", "Kafka:StartupTimeout must be between 00:00:01 and 01:00:00" },
        { "StartupTimeoutTooLong", "Kafka:StartupTimeout must be between 00:00:01 and 01:00:00" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Validate_InvalidSetting_FailsNamingTheSetting(string scenario, string expected)
    {
        var options = new KafkaOptions();
        switch (scenario)
        {
            case nameof(KafkaOptions.ReadingsTopic):
                options.ReadingsTopic = null!;
                break;
            case "ReadingsTopicBlank":
                options.ReadingsTopic = "  ";
                break;
            case nameof(KafkaOptions.DeadLetterTopic):
                options.DeadLetterTopic = "dead letters";
                break;
            case nameof(KafkaOptions.AlertsTopic):
                options.AlertsTopic = new string('a', 250);
                break;
            case "InternalTopic":
                options.AlertsTopic = "__alerts";
                break;
            case nameof(KafkaOptions.AlertEventsTopic):
                options.AlertEventsTopic = null!;
                break;
            case "AlertEventsTopicSameAsAlerts":
                options.AlertEventsTopic = options.AlertsTopic;
                break;
            case "DuplicateTopics":
                options.DeadLetterTopic = options.ReadingsTopic;
                break;
            case "CollidingTopics":
                options.ReadingsTopic = "sensor_readings";
                options.AlertsTopic = "sensor.readings";
                break;
            case nameof(KafkaOptions.ConsumerGroup):
                options.ConsumerGroup = " ";
                break;
            case nameof(KafkaOptions.EmbeddedBrokers):
                options.EmbeddedBrokers = 0;
                break;
            case nameof(KafkaOptions.Partitions):
                options.Partitions = 0;
                break;
            case nameof(KafkaOptions.MaxReadingBytes):
                options.MaxReadingBytes = 10;
                break;
            case "EmptyServer":
                options.BootstrapServers = "kafka-0:9092,,kafka-1:9092";
                break;
            case "BadPort":
                options.BootstrapServers = "kafka:99999";
                break;
            case "ManagedClientProperty":
                options.Client["bootstrap.servers"] = "elsewhere:9092";
                break;
            case "ManagedConsumerGroup":
                options.Consumer["group.id"] = "mine";
                break;
            case "ManagedProducerServers":
                options.Producer["bootstrap.servers"] = "elsewhere:9092";
                break;
            case "ManagedIdempotence":
                options.BootstrapServers = "kafka:9092";
                options.Client["enable.idempotence"] = "false";
                break;
            case "StartupTimeoutZero":
                options.StartupTimeout = TimeSpan.Zero;
                break;
            case "StartupTimeoutTooLong":
                options.StartupTimeout = TimeSpan.FromHours(2);
                break;
            case "EmbeddedWithTls":
                options.Client["security.protocol"] = "SSL";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }
}
