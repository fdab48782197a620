using k8s.Models;

namespace StreamRnn.Deploy.Tests.Crds;

/// <summary>The Prometheus operator's ServiceMonitor (monitoring.coreos.com/v1), for k8s/monitoring.</summary>
public sealed class ServiceMonitor : CustomResource<ServiceMonitorSpec>
{
    public const string ResourceApiVersion = "monitoring.coreos.com/v1";
    public const string ResourceKind = "ServiceMonitor";
}

public sealed class ServiceMonitorSpec
{
    public string? JobLabel { get; set; }

    public V1LabelSelector? Selector { get; set; }

    public ServiceMonitorNamespaceSelector? NamespaceSelector { get; set; }

    public List<ServiceMonitorEndpoint>? Endpoints { get; set; }
}

public sealed class ServiceMonitorNamespaceSelector
{
    public bool? Any { get; set; }

    public List<string>? MatchNames { get; set; }
}

public sealed class ServiceMonitorEndpoint
{
    public string? Port { get; set; }

    public string? Path { get; set; }

    public string? Scheme { get; set; }

    public string? Interval { get; set; }

    public string? ScrapeTimeout { get; set; }

    public bool? HonorLabels { get; set; }
}
