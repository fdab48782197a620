using k8s;
using k8s.Models;
using StreamRnn.Deploy.Tests.Crds;

namespace StreamRnn.Deploy.Tests.Infrastructure;

/// <summary>Rendered kustomizations as typed objects: KubernetesClient's models, and ours for the CRDs.</summary>
internal static class Manifests
{
    /// <summary>The overlays that are deployed.</summary>
    public static readonly TheoryData<string> Overlays = new() { "overlays/dev", "overlays/production" };

    /// <summary>The custom resources the manifests use, each as a strict typed record (apiVersion/kind to type).</summary>
    public static readonly IReadOnlyDictionary<string, Type> CustomResourceTypes = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [$"{ScaledObject.ResourceApiVersion}/{ScaledObject.ResourceKind}"] = typeof(ScaledObject),
        [$"{TriggerAuthentication.ResourceApiVersion}/{TriggerAuthentication.ResourceKind}"] = typeof(TriggerAuthentication),
        [$"{KafkaTopic.ResourceApiVersion}/{KafkaTopic.ResourceKind}"] = typeof(KafkaTopic),
        [$"{PrometheusRule.ResourceApiVersion}/{PrometheusRule.ResourceKind}"] = typeof(PrometheusRule),
        [$"{ServiceMonitor.ResourceApiVersion}/{ServiceMonitor.ResourceKind}"] = typeof(ServiceMonitor),
    };

    /// <summary>
    /// Parses YAML documents strictly: an unknown field anywhere, a duplicate key or an unknown apiVersion/kind throws.
    /// </summary>
    public static IReadOnlyList<object> Parse(string yaml) =>
        KubernetesYaml.LoadAllFromString(yaml, CustomResourceTypes.ToDictionary(), strict: true);

    /// <summary>Renders and parses k8s/<paramref name="directory"/>.</summary>
    public static IReadOnlyList<object> Load(string directory) => Parse(Kustomize.Render(directory));

    /// <summary>The silo Deployments (label app.kubernetes.io/component=silo).</summary>
    public static IReadOnlyList<V1Deployment> Silos(IEnumerable<object> objects) =>
        objects.OfType<V1Deployment>()
            .Where(d => d.Spec.Template.Metadata.Labels.TryGetValue("app.kubernetes.io/component", out var component) && component == "silo")
            .ToList();

    /// <summary>The silo container of a silo Deployment.</summary>
    public static V1Container SiloContainer(V1Deployment deployment) => deployment.Spec.Template.Spec.Containers.Single(c => c.Name == "silo");

    /// <summary>The literal value of an environment variable, or null when it is unset or comes from a reference.</summary>
    public static string? Env(V1Container container, string name) =>
        container.Env?.SingleOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal))?.Value;
}
