namespace StreamRnn.Chaos;

/// <summary>
/// One run's cluster: its own Orleans ids, Redis database, consumer group and alerts topic, so the reference
/// and chaos runs share only the readings topic (and the Redis and Kafka processes).
/// </summary>
internal sealed record ClusterSpec(
    string Name,
    string ClusterId,
    string ServiceId,
    string RedisConnectionString,
    string BootstrapServers,
    string ReadingsTopic,
    string ConsumerGroup,
    string AlertsTopic,
    TimeSpan CheckpointInterval)
{
    /// <summary>The specification of run <paramref name="name"/> (<c>chaos</c> or <c>reference</c>) of a test seeded with <paramref name="seed"/>.</summary>
    public static ClusterSpec For(string name, int seed, int redisDatabase, RedisServerProcess redis, string bootstrapServers, TimeSpan checkpointInterval)
    {
        var id = FormattableString.Invariant($"chaos-{seed}-{name}");
        return new ClusterSpec(name, id, id, redis.ConnectionString(redisDatabase), bootstrapServers, ReadingsTopicName, id, id + "-alerts", checkpointInterval);
    }

    /// <summary>The readings topic (the silos' default), which both runs consume.</summary>
    public const string ReadingsTopicName = "sensor-readings";
}
