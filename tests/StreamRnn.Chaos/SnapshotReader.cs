using StreamRnn.Client;
using StreamRnn.Contracts;

namespace StreamRnn.Chaos;

/// <summary>
/// Reads every sensor's snapshot through an Orleans client that finds the cluster's gateways in its Redis
/// membership table. Run against silos that do not ingest, it reads what the sensors persisted.
/// </summary>
internal static class SnapshotReader
{
    private const int Concurrency = 32;

    /// <summary>
    /// Right after every silo restarted, a silo may still count a killed predecessor as the owner of part of the grain
    /// directory until membership has converged (a few seconds); a call failing for that is retried.
    /// </summary>
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromMilliseconds(500);

    public static async Task<Dictionary<string, SensorSnapshot>> ReadAsync(ClusterSpec spec, IEnumerable<string> sensorIds, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var connection = StreamRnnClusterConnection.Redis(spec.RedisConnectionString, spec.ClusterId, spec.ServiceId);
        using var host = await StreamRnnClusterClient.ConnectAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            var client = host.Client();
            var snapshots = new System.Collections.Concurrent.ConcurrentDictionary<string, SensorSnapshot>(StringComparer.Ordinal);
            var started = timeProvider.GetTimestamp();
            await Parallel.ForEachAsync(
                sensorIds,
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (sensorId, token) =>
                {
                    while (true)
                    {
                        try
                        {
                            snapshots[sensorId] = await client.GetGrain<ISensorGrain>(sensorId).GetSnapshotAsync(token).ConfigureAwait(false);
                            return;
                        }
                        catch (Exception exception) when (exception is OrleansException or TimeoutException && timeProvider.GetElapsedTime(started) < RetryFor)
                        {
                            await Task.Delay(RetryBackoff, timeProvider, token).ConfigureAwait(false);
                        }
                    }
                }).ConfigureAwait(false);
            return new Dictionary<string, SensorSnapshot>(snapshots, StringComparer.Ordinal);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
