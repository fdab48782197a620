using System.Net;

namespace StreamRnn.Hosting;

/// <summary>
/// Orleans' Kubernetes hosting (<c>UseKubernetesHosting</c>). Section <c>Cluster:Kubernetes</c>. When enabled, the
/// silo takes its name from the pod, advertises the pod's IP and listens on every address, and removes from the
/// membership table the silos whose pods no longer exist. Membership itself stays in Redis (production mode).
/// </summary>
public sealed class ClusterKubernetesOptions
{
    /// <summary>The pod's name (downward API <c>metadata.name</c>): the silo's name.</summary>
    public const string PodNameVariable = "POD_NAME";

    /// <summary>The pod's namespace (downward API <c>metadata.namespace</c>): where the silos' pods are watched.</summary>
    public const string PodNamespaceVariable = "POD_NAMESPACE";

    /// <summary>The pod's IP (downward API <c>status.podIP</c>): the address the silo advertises.</summary>
    public const string PodIPVariable = "POD_IP";

    /// <summary>Orleans' service id (the pod label <c>orleans/serviceId</c>); <c>Cluster:ServiceId</c> when absent.</summary>
    public const string ServiceIdVariable = "ORLEANS_SERVICE_ID";

    /// <summary>Orleans' cluster id (the pod label <c>orleans/clusterId</c>); <c>Cluster:ClusterId</c> when absent.</summary>
    public const string ClusterIdVariable = "ORLEANS_CLUSTER_ID";

    /// <summary>Runs the silo with Orleans' Kubernetes hosting. Default false. Needs production mode and the pod variables.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// What keeps Kubernetes hosting from starting, naming the setting or the environment variable; null when it
    /// is off or can start. <paramref name="environment"/> reads an environment variable.
    /// </summary>
    public string? Problem(bool usesRedis, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!Enabled)
        {
            return null;
        }

        if (!usesRedis)
        {
            return $"Cluster:Kubernetes:Enabled needs {StreamRnnClusterOptions.RedisConnectionStringKey}: Kubernetes hosting keeps membership in Redis (production mode).";
        }

        var missing = new[] { PodNameVariable, PodNamespaceVariable, PodIPVariable }.Where(name => string.IsNullOrWhiteSpace(environment(name))).ToList();
        if (missing.Count > 0)
        {
            return $"Cluster:Kubernetes:Enabled needs the environment variable{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} (set from the downward API).";
        }

        var podIP = environment(PodIPVariable)!.Trim();
        return IPAddress.TryParse(podIP, out _) ? null : $"Cluster:Kubernetes:Enabled: {PodIPVariable} must be an IP address (it is '{podIP}').";
    }

    /// <summary>The cluster and service ids in Kubernetes mode: the pod's (environment) when set, else the configured ones.</summary>
    public static (string ClusterId, string ServiceId) Ids(StreamRnnClusterOptions cluster, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(environment);
        var clusterId = environment(ClusterIdVariable);
        var serviceId = environment(ServiceIdVariable);
        return (string.IsNullOrWhiteSpace(clusterId) ? cluster.ClusterId : clusterId.Trim(), string.IsNullOrWhiteSpace(serviceId) ? cluster.ServiceId : serviceId.Trim());
    }

    /// <summary>The pod's IP, parsed. Call after <see cref="Problem"/> returned null.</summary>
    public static IPAddress PodIP(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return IPAddress.Parse(environment(PodIPVariable)!.Trim());
    }
}
