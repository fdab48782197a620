using k8s.Models;
using StreamRnn.Deploy.Tests.Infrastructure;

namespace StreamRnn.Deploy.Tests;

/// <summary>Every kustomization under k8s/ renders, and what it renders parses strictly into typed models.</summary>
public sealed class KustomizationTests
{
    public static TheoryData<string> Directories()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Repository.KustomizationDirectories())
        {
            data.Add(directory);
        }

        return data;
    }

    [Fact]
    public void KustomizationDirectories_Repository_IncludeBaseAndBothOverlays()
    {
        var directories = Repository.KustomizationDirectories();

        Assert.Contains("base", directories);
        Assert.Contains("overlays/dev", directories);
        Assert.Contains("overlays/production", directories);
    }

    [Theory]
    [MemberData(nameof(Directories))]
    public void Render_EveryKustomization_ProducesObjects(string directory)
    {
        var yaml = Kustomize.Render(directory);

        Assert.Contains("kind:", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Directories))]
    public void Parse_EveryRenderedObject_IsATypedModel(string directory)
    {
        var objects = Manifests.Load(directory);

        Assert.NotEmpty(objects);
        foreach (var item in objects)
        {
            // Every object is one of KubernetesClient's models or one of our CRD records, never a loose map.
            Assert.True(item.GetType().Namespace is "k8s.Models" or "StreamRnn.Deploy.Tests.Crds", $"{item.GetType()} is not a typed model.");
        }
    }

    [Fact]
    public void Parse_UnknownField_Throws()
    {
        // The strict parse is what makes a misspelt field fail the tests above: 'replica' is not a DeploymentSpec field.
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: x
            spec:
              replica: 2
              selector:
                matchLabels:
                  app: x
              template:
                metadata:
                  labels:
                    app: x
                spec:
                  containers:
                    - name: x
                      image: x
            """;

        Assert.ThrowsAny<Exception>(() => Manifests.Parse(yaml));
        Assert.IsType<V1Deployment>(Assert.Single(Manifests.Parse(yaml.Replace("replica:", "replicas:", StringComparison.Ordinal))));
    }

    [Fact]
    public void Parse_UnknownCustomResourceField_Throws()
    {
        const string yaml = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: x
            spec:
              scaleTargetRef:
                name: x
              maxReplicas: 3
            """;

        Assert.ThrowsAny<Exception>(() => Manifests.Parse(yaml));
        Assert.IsType<Crds.ScaledObject>(Assert.Single(Manifests.Parse(yaml.Replace("maxReplicas:", "maxReplicaCount:", StringComparison.Ordinal))));
    }
}
