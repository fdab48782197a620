using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Hosting.Kubernetes;
using StreamRnn.Hosting;

namespace StreamRnn.Silo.Tests.Observability;

/// <summary>
/// <c>Cluster:Kubernetes</c>: what it requires before the silo starts, and the Orleans options it produces (resolved
/// from a built, not started, silo host; joining a real Kubernetes cluster is not tested here).
/// </summary>
public sealed class ClusterKubernetesOptionsTests
{
    private static readonly Dictionary<string, string?> Pod = new()
    {
        ["POD_NAME"] = "streamrnn-silo-7",
        ["POD_NAMESPACE"] = "streamrnn",
        ["POD_IP"] = "10.1.2.3",
    };

    [Fact]
    public void Problem_Disabled_IsNull()
    {
        Assert.Null(new ClusterKubernetesOptions().Problem(usesRedis: false, _ => null));
    }

    [Fact]
    public void Problem_EnabledWithoutRedis_NamesTheRedisSetting()
    {
        var problem = new ClusterKubernetesOptions { Enabled = true }.Problem(usesRedis: false, name => Pod.GetValueOrDefault(name));

        Assert.NotNull(problem);
        Assert.Contains("Cluster:Redis:ConnectionString", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POD_NAME")]
    [InlineData("POD_NAMESPACE")]
    [InlineData("POD_IP")]
    public void Problem_EnabledWithoutAPodVariable_NamesIt(string missing)
    {
        var problem = new ClusterKubernetesOptions { Enabled = true }.Problem(usesRedis: true, name => name == missing ? null : Pod.GetValueOrDefault(name));

        Assert.Equal($"Cluster:Kubernetes:Enabled needs the environment variable {missing} (set from the downward API).", problem);
    }

    [Fact]
    public void Problem_PodIPNotAnAddress_NamesIt()
    {
        var problem = new ClusterKubernetesOptions { Enabled = true }.Problem(usesRedis: true, name => name == "POD_IP" ? "pod-ip" : Pod.GetValueOrDefault(name));

        Assert.Equal("Cluster:Kubernetes:Enabled: POD_IP must be an IP address (it is 'pod-ip').", problem);
    }

    [Fact]
    public void Problem_EnabledWithRedisAndPodVariables_IsNull()
    {
        Assert.Null(new ClusterKubernetesOptions { Enabled = true }.Problem(usesRedis: true, name => Pod.GetValueOrDefault(name)));
    }

    [Fact]
    public void Validate_EnabledWithoutRedis_FailsNamingTheSetting()
    {
        var result = new StreamRnnClusterOptionsValidator().Validate(Options.DefaultName, new StreamRnnClusterOptions { Kubernetes = { Enabled = true } });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Cluster:Kubernetes:Enabled needs Cluster:Redis:ConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public void Ids_PodLabelsSet_TakeThemOverTheConfiguredOnes()
    {
        var cluster = new StreamRnnClusterOptions { ClusterId = "configured-cluster", ServiceId = "configured-service" };

        Assert.Equal(("pod-cluster", "configured-service"), ClusterKubernetesOptions.Ids(cluster, name => name == "ORLEANS_CLUSTER_ID" ? "pod-cluster" : null));
        Assert.Equal(("configured-cluster", "pod-service"), ClusterKubernetesOptions.Ids(cluster, name => name == "ORLEANS_SERVICE_ID" ? "pod-service" : null));
    }

    [Fact]
    public void UseStreamRnnClustering_KubernetesEnabled_NamesTheSiloAfterThePodAndAdvertisesItsIP()
    {
        // Orleans' Kubernetes hosting reads the process environment itself: set the pod's variables for this build.
        var variables = new Dictionary<string, string?>(Pod) { ["ORLEANS_SERVICE_ID"] = "pod-service", ["ORLEANS_CLUSTER_ID"] = null };
        var before = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var cluster = new StreamRnnClusterOptions
            {
                Redis = { ConnectionString = "127.0.0.1:6379" },
                Tls = { Disabled = true },
                Kubernetes = { Enabled = true },
                ClusterId = "configured-cluster",
                ServiceId = "configured-service",
                SiloPort = 11111,
                GatewayPort = 30000,
            };
            var builder = Host.CreateApplicationBuilder();
            builder.UseOrleans(silo => silo.UseStreamRnnClustering(cluster));
            using var host = builder.Build();

            var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            Assert.Equal(IPAddress.Parse("10.1.2.3"), endpoints.AdvertisedIPAddress);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 11111), endpoints.SiloListeningEndpoint);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 30000), endpoints.GatewayListeningEndpoint);
            var ids = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
            Assert.Equal(("configured-cluster", "pod-service"), (ids.ClusterId, ids.ServiceId));
            Assert.Equal("streamrnn-silo-7", host.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);

            // Orleans' own validation of its Kubernetes options (pod name and namespace set, silo name = pod name) passes.
            Assert.NotNull(host.Services.GetRequiredService<IOptions<KubernetesHostingOptions>>().Value);
        }
        finally
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
