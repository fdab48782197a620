using System.Net;
using System.Net.Sockets;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.Silo.Tests.Observability;

/// <summary>
/// The silo executable's Prometheus endpoint, the monitoring manifests' series names against it, and the Orleans
/// Dashboard in development, all on one running silo (<see cref="ObservedSiloFixture"/>).
/// </summary>
public sealed class SiloObservabilityProcessTests(ObservedSiloFixture fixture) : IClassFixture<ObservedSiloFixture>
{
    /// <summary>
    /// Series the manifests may read that the silo does not export (another exporter's, such as kube-state-metrics' or
    /// kafka-exporter's). Empty: the dashboard and the rules read only the silo's own series (consumer lag included:
    /// streamrnn_ingest_lag, from librdkafka's statistics).
    /// </summary>
    private static readonly HashSet<string> ExternalSeries = new(StringComparer.Ordinal);

    [Fact]
    public async Task Metrics_SiloWithDemoReadings_ExportsStreamRnnOrleansAndRuntimeSeries()
    {
        var text = await fixture.ScrapeAsync(TestContext.Current.CancellationToken);
        var names = PrometheusText.SeriesNames(text);

        // StreamRnn's meter: counters (with _total), histograms (with their unit), gauges.
        Assert.True(PrometheusText.Value(text, "streamrnn_readings_total") > 0, "no readings consumed");
        Assert.True(PrometheusText.Value(text, "streamrnn_readings_applied_total") > 0, "no readings applied");
        Assert.True(PrometheusText.Value(text, "streamrnn_readings_dead_lettered_total") > 0, "no dead letters (the demo produces invalid readings)");
        Assert.Contains("streamrnn_inference_batch_size_bucket", names);
        Assert.Contains("streamrnn_inference_duration_milliseconds_bucket", names);
        Assert.Contains("streamrnn_ingest_lag", names);
        Assert.Equal(1, PrometheusText.Value(text, "streamrnn_silo_ready"));
        Assert.True(PrometheusText.Value(text, "streamrnn_sensors_active") > 0, "no active sensors counted");
        Assert.Contains("streamrnn_sensors_leaving", names);
        Assert.Contains("streamrnn_sensors_waiting", names);

        // Orleans' meter and the .NET runtime's.
        Assert.Contains(names, n => n.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("dotnet_thread_pool_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MonitoringManifests_EverySeriesTheyRead_IsExportedByTheSilo()
    {
        var exported = PrometheusText.SeriesNames(await fixture.ScrapeAsync(TestContext.Current.CancellationToken));
        var monitoring = Path.Combine(RepositoryRoot(), "k8s", "monitoring");
        var expressions = PromQl.DashboardExpressions(await File.ReadAllTextAsync(Path.Combine(monitoring, "streamrnn-dashboard.json"), TestContext.Current.CancellationToken))
            .Concat(PromQl.RuleExpressions(await File.ReadAllTextAsync(Path.Combine(monitoring, "prometheusrule.yaml"), TestContext.Current.CancellationToken)))
            .ToList();

        Assert.True(expressions.Count >= 10, $"only {expressions.Count} expressions found");
        var unknown = new List<string>();
        foreach (var expression in expressions)
        {
            var names = PromQl.MetricNames(expression);
            Assert.True(names.Count > 0, $"no series name in '{expression}'");
            unknown.AddRange(names.Where(n => !exported.Contains(n) && !ExternalSeries.Contains(n)).Select(n => $"{n} (in {expression})"));
        }

        Assert.True(unknown.Count == 0, "not exported by the silo: " + string.Join("; ", unknown.Distinct()));
    }

    [Fact]
    public async Task Dashboard_DevelopmentEnvironment_ServesItsPageOnItsOwnPortOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        using var page = await fixture.Http.GetAsync(new Uri($"http://127.0.0.1:{fixture.DashboardPort}/"), ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);

        Assert.DoesNotContain("/console/app.js", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // Not on the health port, whose / is the operator's console (docs/CONSOLE.md).
        using var onHealthPort = await fixture.Http.GetAsync(fixture.Health("/index.html"), ct);
        Assert.Equal(HttpStatusCode.NotFound, onHealthPort.StatusCode);
        using var console = await fixture.Http.GetAsync(fixture.Health("/"), ct);
        Assert.Contains("/console/app.js", await console.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_DisabledInDevelopment_PortClosedAndPathAbsent()
    {
        var ct = TestContext.Current.CancellationToken;
        var healthPort = FreeTcpPort.Next();
        var dashboardPort = FreeTcpPort.Next();
        await using var silo = SiloProcess.Start(
        [
            "--environment=Development",
            "--Dashboard:Enabled=false",
            $"--Dashboard:Port={dashboardPort}",
            "--Demo:Sensors=4",
            $"--Urls=http://127.0.0.1:{healthPort}",
            $"--Cluster:SiloPort={FreeTcpPort.Next()}",
            $"--Cluster:GatewayPort={FreeTcpPort.Next()}",
        ]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var ready = false;
        await PipelineFixture.EventuallyAsync(
            async () =>
            {
                if (silo.HasExited)
                {
                    return true;
                }

                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{healthPort}/health/ready"), ct);
                    return ready = response.IsSuccessStatusCode;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    return false;
                }
            },
            TimeSpan.FromMinutes(3),
            ct);
        Assert.True(ready, $"the silo never became ready:\n{silo.Output}");

        using var client = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(async () => await client.ConnectAsync(IPAddress.Loopback, dashboardPort, ct));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        using var root = await http.GetAsync(new Uri($"http://127.0.0.1:{healthPort}/index.html"), ct);
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal(0, await silo.StopAsync(ct));
    }

    [Fact]
    public async Task Start_KubernetesEnabledWithoutPodVariables_FailsFastNamingThem()
    {
        var start = DotnetProcess.StartInfo(
            "StreamRnn.Silo.dll",
            [
                "--Cluster:Kubernetes:Enabled=true",
                "--Cluster:Redis:ConnectionString=127.0.0.1:1",
                "--Cluster:Tls:Disabled=true",
                $"--Urls=http://127.0.0.1:{FreeTcpPort.Next()}",
                "--run-for", "30s",
            ]);
        foreach (var variable in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP" })
        {
            start.Environment.Remove(variable);
        }

        var (exitCode, output, error) = await DotnetProcess.RunAsync(start, TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Contains("Cluster:Kubernetes:Enabled needs the environment variables POD_NAME, POD_NAMESPACE, POD_IP", error, StringComparison.Ordinal);
        Assert.DoesNotContain("readings=", output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StreamRnn.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No StreamRnn.sln above {AppContext.BaseDirectory}.");
    }
}
