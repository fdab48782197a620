namespace StreamRnn.Bench;

/// <summary>The topics a benchmark silo uses; <see cref="Scores"/> null: scores are not published.</summary>
public sealed record BenchTopics(string Readings, string DeadLetters, string Alerts, string AlertEvents, string? Scores = null)
{
    /// <summary>Creates the topics in an embedded cluster: readings over <paramref name="partitions"/>, the rest over one (scores over as many as readings).</summary>
    public void CreateIn(Kafka.EmbeddedKafkaCluster kafka, int partitions)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        kafka.CreateTopic(Readings, partitions);
        kafka.CreateTopic(DeadLetters, 1);
        kafka.CreateTopic(Alerts, 1);
        kafka.CreateTopic(AlertEvents, 1);
        if (Scores is not null)
        {
            kafka.CreateTopic(Scores, partitions);
        }
    }
}
