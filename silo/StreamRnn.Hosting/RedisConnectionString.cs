using StackExchange.Redis;

namespace StreamRnn.Hosting;

/// <summary>Checks of a StackExchange.Redis connection string shared by the settings that hold one.</summary>
internal static class RedisConnectionString
{
    /// <summary>Why <paramref name="connectionString"/> cannot be used, or null. Never repeats the string (it may hold a password).</summary>
    public static string? Problem(string connectionString)
    {
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException exception)
        {
            return $"is not a valid StackExchange.Redis connection string: {exception.Message}";
        }

        return parsed.EndPoints.Count == 0 ? "names no Redis endpoint; use host:port[,host:port...][,option=value...]." : null;
    }
}
