using k8s.Models;

namespace StreamRnn.Deploy.Tests.Crds;

/// <summary>
/// The shape every custom resource here shares. The CRD records below are minimal and strict: they hold only the
/// fields our manifests use (and their documented siblings), so a misspelt or unknown field fails the parse, as it
/// would fail the CRD's schema on a cluster.
/// </summary>
public abstract class CustomResource<TSpec>
    where TSpec : class
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public V1ObjectMeta? Metadata { get; set; }

    public TSpec? Spec { get; set; }
}
