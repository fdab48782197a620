using System.Net;
using System.Text.Json;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StreamRnn.Deploy.Tests.Infrastructure;
using StreamRnn.Hosting;
using StreamRnn.Kafka;
using StreamRnn.ServiceDefaults;

namespace StreamRnn.Deploy.Tests;

/// <summary>The silo Deployments of each overlay against the silo's code: ports, probes, settings, shutdown, security.</summary>
public sealed class SiloDeploymentTests
{
    public static TheoryData<string> Overlays => Manifests.Overlays;

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Silos_Overlay_HasAtLeastOne(string overlay)
    {
        Assert.NotEmpty(Manifests.Silos(Manifests.Load(overlay)));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Ports_EverySilo_AreTheSilosPorts(string overlay)
    {
        var defaults = new StreamRnnClusterOptions();
        foreach (var silo in Manifests.Silos(Manifests.Load(overlay)))
        {
            var container = Manifests.SiloContainer(silo);
            var siloPort = int.Parse(Manifests.Env(container, "Cluster__SiloPort") ?? defaults.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
            var gatewayPort = int.Parse(Manifests.Env(container, "Cluster__GatewayPort") ?? defaults.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

            Assert.Equal(siloPort, Port(container, "silo"));
            Assert.Equal(gatewayPort, Port(container, "gateway"));
            Assert.Equal(HealthPort(container), Port(container, "health"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Probes_EverySilo_UseTheHealthEndpointsOnTheHealthPort(string overlay)
    {
        foreach (var silo in Manifests.Silos(Manifests.Load(overlay)))
        {
            var container = Manifests.SiloContainer(silo);
            var health = HealthPort(container);
            foreach (var (probe, path) in new[] { (container.StartupProbe, "/health/ready"), (container.ReadinessProbe, "/health/ready"), (container.LivenessProbe, "/health/live") })
            {
                Assert.NotNull(probe);
                Assert.Equal(path, probe.HttpGet.Path);
                Assert.Equal(health, ResolvePort(container, probe.HttpGet.Port));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Probes_EverySiloPath_IsServedHealthyByTheSilosEndpoints(string overlay)
    {
        // The silo's own endpoint mapping (ServiceDefaults), on a real Kestrel: each probe path a manifest uses answers 200.
        var paths = Manifests.Silos(Manifests.Load(overlay))
            .Select(Manifests.SiloContainer)
            .SelectMany(c => new[] { c.StartupProbe, c.ReadinessProbe, c.LivenessProbe })
            .Select(p => p.HttpGet.Path)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults("StreamRnn.Deploy.Tests", "StreamRnn.Deploy.Tests");
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        Assert.NotEmpty(paths);
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {response.StatusCode}.");
        }

        using var missing = await client.GetAsync("/health/none", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Environment_EveryVariable_IsASettingTheSiloKnows(string overlay)
    {
        foreach (var silo in Manifests.Silos(Manifests.Load(overlay)))
        {
            var unknown = Manifests.SiloContainer(silo).Env.Select(e => e.Name).Where(name => !SiloSettings.IsKnown(name)).ToList();

            Assert.True(unknown.Count == 0, $"{silo.Metadata.Name} sets variables the silo does not read: {string.Join(", ", unknown)}.");
        }
    }

    [Fact]
    public void IsKnown_UnknownOrMisspeltVariable_IsFalse()
    {
        // The contract above can fail: reflection finds the options, and a misspelt key is not one of them.
        Assert.Contains(SiloSettings.Types, t => t == typeof(KafkaOptions));
        Assert.Contains(SiloSettings.Types, t => t == typeof(StreamRnnClusterOptions));
        Assert.True(SiloSettings.IsKnown("Kafka__BootstrapServers"));
        Assert.True(SiloSettings.IsKnown("Kafka__Client__sasl.password"));
        Assert.True(SiloSettings.IsKnown("Cluster__Redis__ConnectionString"));
        Assert.True(SiloSettings.IsKnown("Model__Device"));
        Assert.False(SiloSettings.IsKnown("Kafka__BootstrapServer"));
        Assert.False(SiloSettings.IsKnown("Cluster__Redis__Connection"));
        Assert.False(SiloSettings.IsKnown("REDIS_URL"));
        Assert.False(SiloSettings.IsKnown("Kafka__Client"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Environment_EverySilo_PointsAtARealKafka(string overlay)
    {
        // Without Kafka:BootstrapServers a silo starts an embedded, in-memory Kafka of its own: never in a deployment.
        foreach (var silo in Manifests.Silos(Manifests.Load(overlay)))
        {
            var servers = Manifests.Env(Manifests.SiloContainer(silo), "Kafka__BootstrapServers");

            Assert.False(string.IsNullOrWhiteSpace(servers), $"{silo.Metadata.Name} has no Kafka__BootstrapServers.");
            var options = new KafkaOptions { BootstrapServers = servers };
            Assert.DoesNotContain(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)), r => r.MemberNames.Contains(nameof(KafkaOptions.BootstrapServers)));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void KubernetesHosting_EverySilo_HasLabelsAndDownwardApiVariables(string overlay)
    {
        var objects = Manifests.Load(overlay);
        var silos = Manifests.Silos(objects);
        foreach (var silo in silos)
        {
            var labels = silo.Spec.Template.Metadata.Labels;
            var container = Manifests.SiloContainer(silo);

            Assert.False(string.IsNullOrWhiteSpace(labels["orleans/serviceId"]));
            Assert.False(string.IsNullOrWhiteSpace(labels["orleans/clusterId"]));
            Assert.Equal("metadata.name", FieldRef(container, "POD_NAME"));
            Assert.Equal("metadata.namespace", FieldRef(container, "POD_NAMESPACE"));
            Assert.Equal("status.podIP", FieldRef(container, "POD_IP"));
            Assert.Equal("metadata.labels['orleans/serviceId']", FieldRef(container, "ORLEANS_SERVICE_ID"));
            Assert.Equal("metadata.labels['orleans/clusterId']", FieldRef(container, "ORLEANS_CLUSTER_ID"));
            Assert.Equal("true", Manifests.Env(container, "Cluster__Kubernetes__Enabled"));
            Assert.Equal(silos[0].Spec.Template.Spec.ServiceAccountName, silo.Spec.Template.Spec.ServiceAccountName);
        }

        // Every pool is one Orleans cluster: the same two ids.
        Assert.Single(silos.Select(s => (s.Spec.Template.Metadata.Labels["orleans/serviceId"], s.Spec.Template.Metadata.Labels["orleans/clusterId"])).Distinct());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void TerminationGracePeriod_EverySilo_OutlastsTheHostsShutdownTimeout(string overlay)
    {
        foreach (var silo in Manifests.Silos(Manifests.Load(overlay)))
        {
            var container = Manifests.SiloContainer(silo);
            var shutdown = HostShutdownTimeout(container);
            var grace = TimeSpan.FromSeconds(silo.Spec.Template.Spec.TerminationGracePeriodSeconds ?? 30);

            // The host's limit must cover ingest's retries of one sensor call (Ingest:MaxRetries waits, up to 2 s each)...
            var ingest = new StreamRnn.Hosting.Ingest.IngestOptions();
            var retries = TimeSpan.FromMilliseconds(Enumerable.Range(0, ingest.MaxRetries).Sum(attempt => Math.Min(100 * Math.Pow(2, attempt), 2000)));
            Assert.True(shutdown >= retries, $"{silo.Metadata.Name}: the host stops after {shutdown}, ingest may retry a call for {retries}.");

            // ...and the kubelet must leave the process time to exit after it.
            Assert.True(grace >= shutdown + TimeSpan.FromSeconds(20), $"{silo.Metadata.Name}: grace {grace} leaves no time after the host's {shutdown}.");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Rollout_EverySilo_SurgesOneAndKeepsEveryOldSiloUntilReady(string overlay)
    {
        var objects = Manifests.Load(overlay);
        foreach (var silo in Manifests.Silos(objects))
        {
            var update = silo.Spec.Strategy.RollingUpdate;

            Assert.Equal("RollingUpdate", silo.Spec.Strategy.Type);
            Assert.Equal("0", update.MaxUnavailable.Value);
            Assert.Equal("1", update.MaxSurge.Value);
            var budget = Assert.Single(objects.OfType<V1PodDisruptionBudget>(), b => Selects(b.Spec.Selector, silo.Spec.Template.Metadata.Labels));
            Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
            Assert.All(silo.Spec.Template.Spec.TopologySpreadConstraints, c => Assert.True(Selects(c.LabelSelector, silo.Spec.Template.Metadata.Labels), $"{silo.Metadata.Name}: a spread constraint that does not select its pods."));
            Assert.Contains(silo.Spec.Template.Spec.TopologySpreadConstraints, c => c.TopologyKey == "kubernetes.io/hostname");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Resources_EverySilo_RequestsCpuAndMemoryAndLimitsMemory(string overlay)
    {
        foreach (var silo in Manifests.Silos(Manifests.Load(overlay)))
        {
            var resources = Manifests.SiloContainer(silo).Resources;

            Assert.True(resources.Requests.ContainsKey("cpu"));
            Assert.True(resources.Requests.ContainsKey("memory"));
            Assert.Equal(resources.Requests["memory"].ToDecimal(), resources.Limits["memory"].ToDecimal());
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void SecurityContext_EverySilo_RunsAsTheImagesNonRootUserOnAReadOnlyRoot(string overlay)
    {
        var imageUser = long.Parse(Dockerfile.Load().FinalStage.User!, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var silo in Manifests.Silos(Manifests.Load(overlay)))
        {
            var pod = silo.Spec.Template.Spec.SecurityContext;
            var container = Manifests.SiloContainer(silo).SecurityContext;

            Assert.True(pod.RunAsNonRoot);
            Assert.Equal(imageUser, pod.RunAsUser);
            Assert.True(container.ReadOnlyRootFilesystem);
            Assert.False(container.AllowPrivilegeEscalation);
            Assert.Contains("ALL", container.Capabilities.Drop);
        }
    }

    internal static bool Selects(V1LabelSelector selector, IDictionary<string, string> labels) =>
        selector.MatchExpressions is null or { Count: 0 }
        && selector.MatchLabels.Count > 0
        && selector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value);

    private static TimeSpan HostShutdownTimeout(V1Container container)
    {
        // The silo's host reads HostOptions from its configuration; DOTNET_-prefixed variables reach it without
        // the prefix. Bound here the same way, so a misspelt key leaves the 30 s default and fails the test.
        var settings = container.Env
            .Where(e => e.Value is not null && e.Name.StartsWith("DOTNET_", StringComparison.Ordinal))
            .ToDictionary(e => SiloSettings.KeyOf(e.Name["DOTNET_".Length..]), e => (string?)e.Value, StringComparer.OrdinalIgnoreCase);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Configuration = new ConfigurationManager() });
        builder.Configuration.AddInMemoryCollection(settings);
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }

    private static int HealthPort(V1Container container)
    {
        // The silo's health port is the one of its Urls: the manifest's, else appsettings.json's.
        var urls = Manifests.Env(container, "Urls") ?? Manifests.Env(container, "ASPNETCORE_URLS");
        if (urls is null)
        {
            using var settings = JsonDocument.Parse(File.ReadAllText(Repository.File("silo/StreamRnn.Silo/appsettings.json")));
            urls = settings.RootElement.GetProperty("Urls").GetString()!;
        }

        var url = Assert.Single(urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        return new Uri(url.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)).Port;
    }

    private static int Port(V1Container container, string name) => container.Ports.Single(p => p.Name == name).ContainerPort;

    private static int ResolvePort(V1Container container, IntOrString port) =>
        int.TryParse(port.Value, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : Port(container, port.Value);

    private static string? FieldRef(V1Container container, string name) =>
        container.Env.SingleOrDefault(e => e.Name == name)?.ValueFrom?.FieldRef?.FieldPath;
}
