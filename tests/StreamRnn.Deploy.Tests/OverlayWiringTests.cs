using k8s.Models;
using StreamRnn.Deploy.Tests.Infrastructure;

namespace StreamRnn.Deploy.Tests;

/// <summary>What each overlay wires together: Services to pods, files to mounted Secrets, TLS and the dev Redis.</summary>
public sealed class OverlayWiringTests
{
    public static TheoryData<string> Overlays => Manifests.Overlays;

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Services_Overlay_SelectSiloPodsOnTheirNamedPorts(string overlay)
    {
        var objects = Manifests.Load(overlay);
        var silos = Manifests.Silos(objects);
        foreach (var name in new[] { "streamrnn-silo", "streamrnn-gateway", "streamrnn-health" })
        {
            var service = Assert.Single(objects.OfType<V1Service>(), s => s.Metadata.Name == name);
            var port = Assert.Single(service.Spec.Ports);

            // Every silo pool is behind each Service, on a port the silo container names.
            Assert.All(silos, silo => Assert.True(service.Spec.Selector.All(l => silo.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value), $"{name} does not select {silo.Metadata.Name}."));
            Assert.All(silos, silo => Assert.Contains(Manifests.SiloContainer(silo).Ports, p => p.Name == port.TargetPort.Value && p.ContainerPort == port.Port));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void FileSettings_EverySilo_PointIntoAMountedSecretKey(string overlay)
    {
        // A setting that names a file (…Path, …Location, …File) must name a key of a Secret volume mounted there.
        foreach (var silo in Manifests.Silos(Manifests.Load(overlay)))
        {
            var container = Manifests.SiloContainer(silo);
            var volumes = silo.Spec.Template.Spec.Volumes.ToDictionary(v => v.Name);
            foreach (var variable in container.Env.Where(e => e.Value is not null && IsFileSetting(e.Name)))
            {
                var mount = Assert.Single(container.VolumeMounts, m => variable.Value.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
                var secret = volumes[mount.Name].Secret;
                var key = variable.Value[(mount.MountPath.Length + 1)..];

                Assert.NotNull(secret);
                Assert.True(mount.ReadOnlyProperty);
                Assert.True(secret.Items is null || secret.Items.Any(i => i.Path == key), $"{variable.Name}: '{key}' is not among the items of Secret {secret.SecretName}.");
            }
        }
    }

    [Fact]
    public void Tls_ProductionSilos_RequireCertificatesAndNeverDisableTls()
    {
        foreach (var silo in Manifests.Silos(Manifests.Load("overlays/production")))
        {
            var container = Manifests.SiloContainer(silo);

            Assert.Null(container.Env.SingleOrDefault(e => e.Name == "Cluster__Tls__Disabled"));
            Assert.NotNull(Manifests.Env(container, "Cluster__Tls__CertificatePath"));
            Assert.NotNull(Manifests.Env(container, "Cluster__Tls__CaPath"));
            Assert.Equal("SASL_SSL", Manifests.Env(container, "Kafka__Client__security.protocol"));
        }
    }

    [Fact]
    public void Dev_Overlay_RunsOneSiloAndItsOwnRedis()
    {
        var objects = Manifests.Load("overlays/dev");
        var silo = Assert.Single(Manifests.Silos(objects));
        var redis = Assert.Single(objects.OfType<V1Deployment>(), d => d.Spec.Template.Spec.Containers.Any(c => c.Image.StartsWith("redis:", StringComparison.Ordinal)));
        var service = Assert.Single(objects.OfType<V1Service>(), s => s.Metadata.Name == redis.Metadata.Name);

        Assert.Equal(1, silo.Spec.Replicas);
        Assert.True(service.Spec.Selector.All(l => redis.Spec.Template.Metadata.Labels[l.Key] == l.Value));
        Assert.Equal(6379, Assert.Single(service.Spec.Ports).Port);
        Assert.Equal("true", Manifests.Env(Manifests.SiloContainer(silo), "Cluster__Tls__Disabled"));
        Assert.DoesNotContain(objects, o => o is Crds.ScaledObject);
    }

    private static bool IsFileSetting(string name) =>
        name.EndsWith("Path", StringComparison.Ordinal) || name.EndsWith(".location", StringComparison.Ordinal) || name.EndsWith("File", StringComparison.Ordinal);
}
