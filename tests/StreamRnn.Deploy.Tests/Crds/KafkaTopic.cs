namespace StreamRnn.Deploy.Tests.Crds;

/// <summary>Strimzi's KafkaTopic (kafka.strimzi.io/v1beta2).</summary>
public sealed class KafkaTopic : CustomResource<KafkaTopicSpec>
{
    public const string ResourceApiVersion = "kafka.strimzi.io/v1beta2";
    public const string ResourceKind = "KafkaTopic";

    /// <summary>The topic's name in Kafka: spec.topicName, else the resource's name (Strimzi's rule).</summary>
    public string NameInKafka() => Spec?.TopicName ?? Metadata?.Name ?? throw new InvalidOperationException("A KafkaTopic without a name.");
}

public sealed class KafkaTopicSpec
{
    public string? TopicName { get; set; }

    public int? Partitions { get; set; }

    public int? Replicas { get; set; }

    /// <summary>Topic configuration (retention.ms, min.insync.replicas...): values as written.</summary>
    public Dictionary<string, string>? Config { get; set; }
}
