using k8s.Models;
using StreamRnn.Deploy.Tests.Infrastructure;

namespace StreamRnn.Deploy.Tests;

/// <summary>RBAC for Orleans' Kubernetes hosting, and the NetworkPolicy around the silos.</summary>
public sealed class AccessTests
{
    public static TheoryData<string> Overlays => Manifests.Overlays;

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Role_SiloServiceAccount_MayReadListWatchAndPatchPodsOnly(string overlay)
    {
        // KubernetesClusterAgent: read its pod, patch its labels, list and watch the cluster's pods. No delete
        // (DeleteDefunctSiloPods is off), nothing beyond pods, nothing cluster-wide.
        var objects = Manifests.Load(overlay);
        var account = Manifests.Silos(objects).Select(d => d.Spec.Template.Spec.ServiceAccountName).Distinct().Single();
        var binding = Assert.Single(objects.OfType<V1RoleBinding>(), b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account));
        var role = Assert.Single(objects.OfType<V1Role>(), r => r.Metadata.Name == binding.RoleRef.Name);
        var rule = Assert.Single(role.Rules);

        Assert.Equal("Role", binding.RoleRef.Kind);
        Assert.Contains(objects.OfType<V1ServiceAccount>(), a => a.Metadata.Name == account);
        Assert.Equal([string.Empty], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(["get", "list", "patch", "watch"], rule.Verbs.Order(StringComparer.Ordinal));
        Assert.Empty(objects.OfType<V1ClusterRoleBinding>());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void NetworkPolicy_Silos_AdmitSilosOnTheSiloPortClientsOnTheGatewayAndPrometheusOnHealth(string overlay)
    {
        var objects = Manifests.Load(overlay);
        var silo = Manifests.Silos(objects)[0];
        var policy = Assert.Single(objects.OfType<V1NetworkPolicy>(), p => SiloDeploymentTests.Selects(p.Spec.PodSelector, silo.Spec.Template.Metadata.Labels));
        var rules = policy.Spec.Ingress.ToList();

        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        Assert.Equal(3, rules.Count);
        Assert.Equal(["silo"], Ports(rules.Single(r => r.FromProperty.Single().PodSelector is { } s && SiloDeploymentTests.Selects(s, silo.Spec.Template.Metadata.Labels))));
        Assert.Equal(["gateway"], Ports(rules.Single(r => r.FromProperty.Single().PodSelector?.MatchLabels?.ContainsKey("streamrnn.io/client") == true)));
        Assert.Equal(["health"], Ports(rules.Single(r => r.FromProperty.Single().NamespaceSelector is not null)));
        Assert.All(Manifests.Silos(objects), d => Assert.Equal(["gateway", "health", "silo"], Manifests.SiloContainer(d).Ports.Select(p => p.Name).Order(StringComparer.Ordinal)));
    }

    private static List<string> Ports(V1NetworkPolicyIngressRule rule) => rule.Ports.Select(p => p.Port.Value).ToList();
}
