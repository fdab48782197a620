using System.Globalization;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.Silo.Tests.Observability;

/// <summary>
/// One silo executable in the Development environment (embedded Kafka, its demo fleet producing readings, the
/// Orleans Dashboard on by default) on free ports, kept running for the tests of a class; started once its
/// <c>/metrics</c> shows readings applied, its consumer lag and its readiness.
/// </summary>
public sealed class ObservedSiloFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public int HealthPort { get; } = FreeTcpPort.Next();

    public int DashboardPort { get; } = FreeTcpPort.Next();

    internal SiloProcess Silo { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public Uri Health(string path) => new($"http://127.0.0.1:{HealthPort}{path}");

    public async ValueTask InitializeAsync()
    {
        Silo = SiloProcess.Start(
        [
            "--environment=Development",
            "--Demo:Sensors=8",
            "--Demo:InvalidEvery=40",
            $"--Urls=http://127.0.0.1:{HealthPort}",
            $"--Dashboard:Port={DashboardPort}",
            $"--Cluster:SiloPort={FreeTcpPort.Next()}",
            $"--Cluster:GatewayPort={FreeTcpPort.Next()}",
        ]);

        var deadline = DateTime.UtcNow + StartTimeout;
        string? metrics = null;
        while (DateTime.UtcNow < deadline && !Silo.HasExited)
        {
            metrics = await TryScrapeAsync();
            if (metrics is not null && PrometheusText.Value(metrics, "streamrnn_readings_applied_total") > 0
                && PrometheusText.Value(metrics, "streamrnn_silo_ready") == 1
                && PrometheusText.SeriesNames(metrics).Contains("streamrnn_ingest_lag"))
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException(
            $"The silo did not show applied readings, lag and readiness on /metrics within {StartTimeout} (exited: {Silo.HasExited}).\nLast scrape:\n{metrics}\nOutput:\n{Silo.Output}");
    }

    /// <summary>The silo's <c>/metrics</c> text now.</summary>
    public async Task<string> ScrapeAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(Health("/metrics"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Silo is not null)
        {
            try
            {
                await Silo.StopAsync(CancellationToken.None);
            }
            finally
            {
                await Silo.DisposeAsync();
            }
        }

        Http.Dispose();
    }

    private async Task<string?> TryScrapeAsync()
    {
        try
        {
            return await ScrapeAsync(CancellationToken.None);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}

/// <summary>Reads Prometheus' text exposition format.</summary>
internal static class PrometheusText
{
    /// <summary>The names of every series in <paramref name="text"/> (comments left out).</summary>
    public static HashSet<string> SeriesNames(string text) =>
        [.. Samples(text).Select(s => s.Name)];

    /// <summary>The sum of the values of the series named <paramref name="name"/> (all label sets); 0 when none.</summary>
    public static double Value(string text, string name) =>
        Samples(text).Where(s => s.Name == name).Sum(s => s.Value);

    private static IEnumerable<(string Name, double Value)> Samples(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd <= 0)
            {
                continue;
            }

            // The value follows the labels (which may hold spaces in quoted values): the first field after the '}'.
            var rest = line[nameEnd] == '{' ? line[(line.LastIndexOf('}') + 1)..] : line[nameEnd..];
            var fields = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                yield return (line[..nameEnd], value);
            }
        }
    }
}
