namespace StreamRnn.Hosting;

/// <summary>The Redis that holds a production cluster's membership, grain state and reminders. Section <c>Cluster:Redis</c>.</summary>
public sealed class ClusterRedisOptions
{
    /// <summary>
    /// A StackExchange.Redis connection string, e.g. <c>redis-0:6379,password=…,ssl=true</c>. Set: production
    /// mode (Redis membership, Redis grain storage, reminders in Redis). Null or empty: the embedded default
    /// (one silo clustered on localhost, state in memory).
    /// </summary>
    public string? ConnectionString { get; set; }
}
