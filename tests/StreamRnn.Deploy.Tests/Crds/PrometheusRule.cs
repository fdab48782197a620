using YamlDotNet.Serialization;

namespace StreamRnn.Deploy.Tests.Crds;

/// <summary>The Prometheus operator's PrometheusRule (monitoring.coreos.com/v1), for k8s/monitoring.</summary>
public sealed class PrometheusRule : CustomResource<PrometheusRuleSpec>
{
    public const string ResourceApiVersion = "monitoring.coreos.com/v1";
    public const string ResourceKind = "PrometheusRule";
}

public sealed class PrometheusRuleSpec
{
    public List<PrometheusRuleGroup>? Groups { get; set; }
}

public sealed class PrometheusRuleGroup
{
    public string? Name { get; set; }

    public string? Interval { get; set; }

    public int? Limit { get; set; }

    public List<PrometheusRuleEntry>? Rules { get; set; }
}

public sealed class PrometheusRuleEntry
{
    public string? Alert { get; set; }

    public string? Record { get; set; }

    public string? Expr { get; set; }

    public string? For { get; set; }

    [YamlMember(Alias = "keep_firing_for", ApplyNamingConventions = false)]
    public string? KeepFiringFor { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }
}
