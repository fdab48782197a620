using k8s.Models;
using StreamRnn.Deploy.Tests.Infrastructure;

namespace StreamRnn.Deploy.Tests;

/// <summary>No secret value in any manifest: Secrets are referenced, never defined.</summary>
public sealed class SecretTests
{
    private static readonly string[] SecretWords = ["password", "connectionstring", "connection-string", "token", "secret", "apikey", "api-key", "credential"];

    public static TheoryData<string> Directories() => KustomizationTests.Directories();

    [Theory]
    [MemberData(nameof(Directories))]
    public void Secrets_EveryKustomization_DefinesNoSecretWithData(string directory)
    {
        var secrets = Manifests.Load(directory).OfType<V1Secret>().ToList();

        Assert.All(secrets, s => Assert.True(s.Data is null or { Count: 0 } && s.StringData is null or { Count: 0 }, $"Secret {s.Metadata.Name} holds values."));
    }

    [Theory]
    [MemberData(nameof(Directories))]
    public void Environment_SecretLookingVariables_ComeOnlyFromSecretKeyRefs(string directory)
    {
        foreach (var container in Containers(Manifests.Load(directory)))
        {
            foreach (var variable in container.Env ?? [])
            {
                if (LooksSecret(variable.Name))
                {
                    Assert.True(variable.Value is null && variable.ValueFrom?.SecretKeyRef is not null, $"{container.Name}: {variable.Name} must come from a secretKeyRef.");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void RedisConnectionString_EverySilo_ComesFromASecret(string overlay)
    {
        foreach (var silo in Manifests.Silos(Manifests.Load(overlay)))
        {
            var redis = Manifests.SiloContainer(silo).Env.Single(e => e.Name == "Cluster__Redis__ConnectionString");

            Assert.False(string.IsNullOrWhiteSpace(redis.ValueFrom?.SecretKeyRef?.Name));
        }
    }

    [Fact]
    public void LooksSecret_SecretAndPlainNames_AreTold()
    {
        Assert.True(LooksSecret("Kafka__Client__sasl.password"));
        Assert.True(LooksSecret("Cluster__Redis__ConnectionString"));
        Assert.True(LooksSecret("Reminders__Redis__ConnectionString"));
        Assert.True(LooksSecret("GITHUB_TOKEN"));
        Assert.False(LooksSecret("Kafka__BootstrapServers"));
        Assert.False(LooksSecret("Kafka__SaslPasswordFile"));
        Assert.False(LooksSecret("Cluster__Tls__CertificatePasswordFile"));
    }

    /// <summary>A name that holds a secret: a password, connection string, token... but not a path to a file that holds one.</summary>
    internal static bool LooksSecret(string name)
    {
        var normalized = name.Replace("_", string.Empty, StringComparison.Ordinal).Replace(".", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return !normalized.EndsWith("file", StringComparison.Ordinal) && SecretWords.Any(word => normalized.Contains(word.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));
    }

    private static IEnumerable<V1Container> Containers(IEnumerable<object> objects) =>
        objects.SelectMany(o => o switch
        {
            V1Deployment d => d.Spec.Template.Spec.Containers.Concat(d.Spec.Template.Spec.InitContainers ?? []),
            V1StatefulSet s => s.Spec.Template.Spec.Containers.Concat(s.Spec.Template.Spec.InitContainers ?? []),
            V1Pod p => p.Spec.Containers.Concat(p.Spec.InitContainers ?? []),
            _ => [],
        });
}
