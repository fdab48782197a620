using StreamRnn.Contracts;

namespace StreamRnn.Client;

/// <summary>
/// Where a client finds the cluster: the gateway of a silo on this machine (the embedded default), or every
/// silo's gateway through the cluster's Redis membership (production mode: <c>Cluster:Redis:ConnectionString</c>,
/// <c>Cluster:ClusterId</c> and <c>Cluster:ServiceId</c> as the silos have them).
/// </summary>
public sealed record StreamRnnClusterConnection
{
    /// <summary>The silos' default <c>Cluster:ClusterId</c> and <c>Cluster:ServiceId</c>.</summary>
    public const string DefaultId = "streamrnn";

    /// <summary>The gateway port on localhost; used only without <see cref="RedisConnectionString"/>.</summary>
    public int GatewayPort { get; init; } = StreamRnnClusterClient.DefaultGatewayPort;

    /// <summary>A StackExchange.Redis connection string: find the gateways in this Redis's membership table.</summary>
    public string? RedisConnectionString { get; init; }

    public string ClusterId { get; init; } = DefaultId;

    public string ServiceId { get; init; } = DefaultId;

    /// <summary>
    /// The client's certificate and the cluster's authorities for mutual TLS with the gateways (the silos'
    /// <c>Cluster:Tls</c>); null: no TLS, which silos in production mode refuse unless they disable it.
    /// </summary>
    public ClusterCertificates? Tls { get; init; }

    /// <summary>The gateway of a silo on this machine.</summary>
    public static StreamRnnClusterConnection Localhost(int gatewayPort = StreamRnnClusterClient.DefaultGatewayPort) => new() { GatewayPort = gatewayPort };

    /// <summary>Every silo of the cluster, through its Redis membership.</summary>
    public static StreamRnnClusterConnection Redis(string connectionString, string clusterId = DefaultId, string serviceId = DefaultId) =>
        new() { RedisConnectionString = connectionString, ClusterId = clusterId, ServiceId = serviceId };
}
