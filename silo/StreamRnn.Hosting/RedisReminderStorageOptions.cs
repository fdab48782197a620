namespace StreamRnn.Hosting;

/// <summary>The Redis reminder store. Section <c>Reminders:Redis</c>.</summary>
public sealed class RedisReminderStorageOptions
{
    /// <summary>
    /// A StackExchange.Redis connection string, e.g. <c>redis-0:6379,password=…,ssl=true</c>. Null or
    /// empty: keep reminders in memory instead (not durable).
    /// </summary>
    public string? ConnectionString { get; set; }
}
