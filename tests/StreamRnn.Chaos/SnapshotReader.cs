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

    public static async Task<Dictionary<string, SensorSnapshot>> ReadAsync(ClusterSpec spec, IEnumerable<string> sensorIds, CancellationToken cancellationToken)
    {
        var connection = StreamRnnClusterConnection.Redis(spec.RedisConnectionString, spec.ClusterId, spec.ServiceId);
        using var host = await StreamRnnClusterClient.ConnectAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            var client = host.Client();
            var snapshots = new System.Collections.Concurrent.ConcurrentDictionary<string, SensorSnapshot>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(
                sensorIds,
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (sensorId, token) => snapshots[sensorId] = await client.GetGrain<ISensorGrain>(sensorId).GetSnapshotAsync(token).ConfigureAwait(false)).ConfigureAwait(false);
            return new Dictionary<string, SensorSnapshot>(snapshots, StringComparer.Ordinal);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
