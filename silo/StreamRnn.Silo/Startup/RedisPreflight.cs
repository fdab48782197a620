using StackExchange.Redis;
using StreamRnn.Hosting;

namespace StreamRnn.Silo.Startup;

/// <summary>
/// Checks that production mode's Redis answers before the silo starts: Orleans would otherwise fail deep in
/// its start-up with a stack trace, or keep retrying to join.
/// </summary>
internal static class RedisPreflight
{
    /// <summary>Null when Redis answers a PING; otherwise one line saying it cannot be reached (never the connection string: it may hold a password).</summary>
    public static async Task<string?> ProblemAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        var endpoints = string.Join(",", options.EndPoints.Select(e => e is System.Net.DnsEndPoint dns ? $"{dns.Host}:{dns.Port}" : e.ToString()));
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return $"Cannot reach Redis at {endpoints} ({StreamRnnClusterOptions.RedisConnectionStringKey}): {exception.Message}";
        }
    }
}
