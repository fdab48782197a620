using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace StreamRnn.Silo.Tests;

/// <summary>The silo executable itself, run as the README runs it (on its own ports).</summary>
public sealed partial class SiloProcessTests
{
    [Fact]
    public async Task RunFor_EmbeddedDefault_BecomesReadyStopsCleanlyAndPrintsSummaryLine()
    {
        var healthPort = FreePort();
        var ready = false;
        var (exitCode, output, _) = await RunSiloAsync(
            ["--run-for", "20s", "--Demo:Sensors=8", "--Demo:FailuresAfter=00:00:03", "--Demo:InvalidEvery=40", $"--Urls=http://127.0.0.1:{healthPort}"],
            TestContext.Current.CancellationToken,
            async () =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (!ready && DateTime.UtcNow < deadline)
                {
                    try
                    {
                        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{healthPort}/health/ready"), TestContext.Current.CancellationToken);
                        ready = response.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        // Not listening yet.
                    }
                    catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
                    {
                        // The request timed out (a busy machine); ask again until the deadline.
                    }

                    await Task.Delay(200, TestContext.Current.CancellationToken);
                }
            });

        Assert.True(ready, "/health/ready never answered 200");
        Assert.Equal(0, exitCode);
        var lastLine = output.TrimEnd().Split('\n')[^1].Trim();
        var match = SummaryLine().Match(lastLine);
        Assert.True(match.Success, $"last line was '{lastLine}'");
        Assert.True(long.Parse(match.Groups["readings"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, lastLine);
        Assert.True(long.Parse(match.Groups["dlq"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, lastLine);
        Assert.Equal("0", match.Groups["failedSteps"].Value);
        Assert.True(int.Parse(match.Groups["modelVersion"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, lastLine);
        Assert.Contains("EMBEDDED Kafka", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--SensorActivation:MaxLeavingPerSilo=0", "MaxLeavingPerSilo")]
    [InlineData("--Ingest:MaxPollRecords=0", "MaxPollRecords")]
    [InlineData("--Ingest:CheckpointInterval=-00:00:01", "CheckpointInterval")]
    [InlineData("--Kafka:ReadingsTopic=bad topic", "Kafka:ReadingsTopic")]
    [InlineData("--Kafka:StartupTimeout=00:00:00", "Kafka:StartupTimeout")]
    [InlineData("--Model:Cell=Transformer", "Model:Cell")]
    [InlineData("--Training:Interval=-00:00:01", "Training:Interval")]
    [InlineData("--Reminders:Redis:ConnectionString=127.0.0.1:6379,abortConnect=maybe", "Reminders:Redis:ConnectionString")]
    [InlineData("--run-for=soon", "--run-for")]
    public async Task Start_InvalidSetting_FailsFastNamingTheSetting(string argument, string named)
    {
        var (exitCode, output, error) = await RunSiloAsync([argument, "--run-for", "30s"], TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, output + error, StringComparison.Ordinal);
        Assert.DoesNotMatch(SummaryLine(), output);
    }

    [Fact]
    public async Task Start_ModelCheckpointWithNaNWeight_ExitsNonZeroWithOneLineNamingTheSettingAndTheWeight()
    {
        var path = Path.Combine(Path.GetTempPath(), $"streamrnn-nan-{Guid.NewGuid():N}.ckpt");
        var shape = StreamRnn.Models.ModelShape.FromOptions(new StreamRnn.Models.ModelOptions());
        var parameters = StreamRnn.Models.Checkpoints.ForecasterLayout.Expected(shape)
            .Select(p => new StreamRnn.Models.Checkpoints.CheckpointParameter(p.Name, p.Shape, Enumerable.Repeat(p.Name == "head.bias" ? float.NaN : 0.1f, (int)p.Shape.Aggregate(1L, (a, b) => a * b)).ToArray()))
            .ToList();
        StreamRnn.Models.Checkpoints.CheckpointFile.Save(new StreamRnn.Models.Checkpoints.ModelCheckpoint(shape, [], new Dictionary<string, string>(), parameters), path);
        try
        {
            var (exitCode, output, error) = await RunSiloAsync([$"--Model:Checkpoint={path}", "--run-for", "30s"], TestContext.Current.CancellationToken);

            Assert.Equal(2, exitCode);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.Contains("Model:Checkpoint", StringComparison.Ordinal));
            Assert.Contains($"Model:Checkpoint: '{path}' cannot be served: non-finite weight head.bias", line, StringComparison.Ordinal);
            Assert.DoesNotMatch(SummaryLine(), output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Start_KafkaUnreachable_RetriesThenExitsNonZeroNamingTheBootstrapServers()
    {
        // A port nobody listens on: every connection is refused.
        var servers = $"127.0.0.1:{FreePort()}";

        var (exitCode, output, error) = await RunSiloAsync(
            [$"--Kafka:BootstrapServers={servers}", "--Kafka:StartupTimeout=00:00:12", "--run-for", "90s"],
            TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"Kafka at {servers} is not reachable (try 1", output + error, StringComparison.Ordinal);
        Assert.Contains($"The silo stopped because KafkaIngestService failed: Kafka at {servers} was not reachable within Kafka:StartupTimeout", error, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> RunSiloAsync(string[] arguments, CancellationToken cancellationToken, Func<Task>? whileRunning = null)
    {
        var all = arguments.ToList();
        all.Add($"--Cluster:SiloPort={FreePort()}");
        all.Add($"--Cluster:GatewayPort={FreePort()}");
        if (!arguments.Any(a => a.StartsWith("--Urls=", StringComparison.Ordinal)))
        {
            all.Add($"--Urls=http://127.0.0.1:{FreePort()}");
        }

        return DotnetProcess.RunAsync(DotnetProcess.StartInfo("StreamRnn.Silo.dll", all), TimeSpan.FromMinutes(2), cancellationToken, whileRunning);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^readings=(?<readings>\d+) alerts=(?<alerts>\d+) dlq=(?<dlq>\d+) modelVersion=(?<modelVersion>\d+) swaps=(?<swaps>\d+) failedSteps=(?<failedSteps>\d+)$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
