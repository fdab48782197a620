namespace StreamRnn.Deploy.Tests.Crds;

/// <summary>KEDA's TriggerAuthentication (keda.sh/v1alpha1): parameters from Secrets only.</summary>
public sealed class TriggerAuthentication : CustomResource<TriggerAuthenticationSpec>
{
    public const string ResourceApiVersion = "keda.sh/v1alpha1";
    public const string ResourceKind = "TriggerAuthentication";
}

public sealed class TriggerAuthenticationSpec
{
    public List<SecretTargetRef>? SecretTargetRef { get; set; }
}

public sealed class SecretTargetRef
{
    public string? Parameter { get; set; }

    public string? Name { get; set; }

    public string? Key { get; set; }
}
