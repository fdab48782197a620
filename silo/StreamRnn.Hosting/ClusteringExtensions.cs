using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace StreamRnn.Hosting;

/// <summary>Registration of the silo's cluster membership and endpoints.</summary>
public static class ClusteringExtensions
{
    /// <summary>The initial liveness probe timeout in production mode (Orleans' default is 5 s).</summary>
    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How often a silo re-reads the membership table in production mode (Orleans' default is 60 s).</summary>
    internal static readonly TimeSpan TableRefreshTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Clusters the silo as <paramref name="cluster"/> says (validated by the caller). Production mode
    /// (<see cref="StreamRnnClusterOptions.UsesRedis"/>): Redis membership under
    /// <c>{ServiceId}/members/{ClusterId}</c>, this silo advertised at <c>AdvertisedAddress:SiloPort</c> with
    /// its gateway on <c>GatewayPort</c>, and a faster failure detection than Orleans' defaults (see
    /// <see cref="ProbeTimeout"/>). Otherwise the embedded default, exactly as before: localhost clustering on
    /// the two ports with Orleans' development ids. With <c>Cluster:Tls:CertificatePath</c> (required in production
    /// mode unless <c>Cluster:Tls:Disabled</c>), mutual TLS on every connection (<see cref="ClusterTlsExtensions"/>).
    /// </summary>
    public static ISiloBuilder UseStreamRnnClustering(this ISiloBuilder silo, StreamRnnClusterOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Tls.Configured && !cluster.Tls.Disabled)
        {
            // Loaded once for the silo's life; the settings were validated by the caller.
            silo.UseStreamRnnTls(cluster.Tls.Load());
        }

        if (!cluster.UsesRedis)
        {
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
        }

        var connectionString = cluster.Redis.ConnectionString!;
        var (clusterId, serviceId) = (cluster.ClusterId, cluster.ServiceId);
        var advertised = cluster.AdvertisedIPAddress();
        if (cluster.Kubernetes.Enabled)
        {
            // Orleans' Kubernetes hosting names the silo after its pod and removes from the (Redis) membership table
            // the silos whose pods are gone. Its ids come from ORLEANS_CLUSTER_ID/ORLEANS_SERVICE_ID, which may be
            // unset: the ids configured below (registered after it, so they win) are the same ones, or Cluster:*'s.
            // The silo advertises the pod's IP and listens on every address, on Cluster:SiloPort and GatewayPort.
            silo.UseKubernetesHosting();
            (clusterId, serviceId) = ClusterKubernetesOptions.Ids(cluster, Environment.GetEnvironmentVariable);
            advertised = ClusterKubernetesOptions.PodIP(Environment.GetEnvironmentVariable);
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
        });
        silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.Kubernetes.Enabled);
        silo.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(connectionString));

        // A silo killed with SIGKILL is found by its peers' probes: with a 2 s initial probe timeout and
        // three missed probes it is suspected after about 6 s instead of 15 s, and declared dead once two
        // silos agree (Orleans' NumVotesForDeathDeclaration, lowered by Orleans itself when fewer silos are
        // alive). One restarted on the same address and ports does not wait for that: at start it marks
        // its own older generation dead in the table. Silos re-read the table every 10 s, not 60 s, so one
        // that missed the gossip still learns of a change soon. Probes adapt to observed latencies and are
        // extended while the local silo is degraded (Orleans' defaults), which keeps a busy silo from being
        // voted out.
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = ProbeTimeout;
            options.TableRefreshTimeout = TableRefreshTimeout;
        });
        return silo;
    }

    /// <summary>Binds <see cref="StreamRnnClusterOptions"/> from <c>Cluster</c>, validated at start (once, however often called).</summary>
    internal static IServiceCollection AddStreamRnnClusterOptions(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<StreamRnnClusterOptions>)))
        {
            return services;
        }

        services.AddOptions<StreamRnnClusterOptions>().BindConfiguration(StreamRnnClusterOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StreamRnnClusterOptions>, StreamRnnClusterOptionsValidator>();
        return services;
    }
}
