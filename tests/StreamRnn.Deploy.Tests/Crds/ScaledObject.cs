using k8s.Models;

namespace StreamRnn.Deploy.Tests.Crds;

/// <summary>KEDA's ScaledObject (keda.sh/v1alpha1), the fields StreamRnn uses.</summary>
public sealed class ScaledObject : CustomResource<ScaledObjectSpec>
{
    public const string ResourceApiVersion = "keda.sh/v1alpha1";
    public const string ResourceKind = "ScaledObject";
}

public sealed class ScaledObjectSpec
{
    public ScaleTargetRef? ScaleTargetRef { get; set; }

    public int? PollingInterval { get; set; }

    public int? CooldownPeriod { get; set; }

    public int? InitialCooldownPeriod { get; set; }

    public int? IdleReplicaCount { get; set; }

    public int? MinReplicaCount { get; set; }

    public int? MaxReplicaCount { get; set; }

    public ScaledObjectAdvanced? Advanced { get; set; }

    public List<ScaleTrigger>? Triggers { get; set; }
}

public sealed class ScaleTargetRef
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    public string? EnvSourceContainerName { get; set; }
}

public sealed class ScaledObjectAdvanced
{
    public bool? RestoreToOriginalReplicaCount { get; set; }

    public HorizontalPodAutoscalerConfig? HorizontalPodAutoscalerConfig { get; set; }
}

public sealed class HorizontalPodAutoscalerConfig
{
    public string? Name { get; set; }

    public V2HorizontalPodAutoscalerBehavior? Behavior { get; set; }
}

public sealed class ScaleTrigger
{
    public string? Type { get; set; }

    public string? Name { get; set; }

    public string? MetricType { get; set; }

    public bool? UseCachedMetrics { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public AuthenticationRef? AuthenticationRef { get; set; }
}

public sealed class AuthenticationRef
{
    public string? Name { get; set; }

    public string? Kind { get; set; }
}
