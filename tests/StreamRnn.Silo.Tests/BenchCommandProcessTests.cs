using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamRnn.Silo.Tests;

/// <summary><c>streamrnn bench</c> run as a user runs it, on the embedded default (an embedded Kafka and an in-process silo).</summary>
public sealed partial class BenchCommandProcessTests
{
    [Fact]
    public async Task Bench_LiveAtLowRateOnEmbeddedDefault_PrintsLatencyLineAndScoresEveryReading()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var (exitCode, output, error) = await DotnetProcess.RunAsync(
            DotnetProcess.CliStartInfo(["bench", "--scenario", "live", "--sensors", "20", "--rate", "5", "--seconds", "3", "--warmup", "1", "--partitions", "4", "--in-memory"]),
            TimeSpan.FromMinutes(3),
            cancellationToken);

        Assert.True(exitCode == 0, output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        var match = LiveLine().Match(line);
        Assert.True(match.Success, line);
        var scored = long.Parse(match.Groups["scored"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var produced = long.Parse(match.Groups["produced"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

        // 20 priming readings, then 100 per second for 4 s: every one of them scored (no timing is asserted).
        Assert.True(produced >= 20 + 300, line);
        Assert.Equal(produced, scored);
        Assert.Contains("live: priming 20 sensors", error, StringComparison.Ordinal);

        // The silo logs errors only (to standard error): a clean run, shutdown included, logs none (the sensor
        // directory's shards once wrote to the in-memory storage as the silo shut down, and Orleans logged each refusal).
        Assert.DoesNotContain("fail:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_DurableWithoutRedisServerOnPath_FailsNamingRedisServerAndTheWayOut()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var start = DotnetProcess.CliStartInfo(["bench", "--scenario", "live", "--sensors", "2", "--rate", "1", "--seconds", "1", "--warmup", "1", "--partitions", "1"]);
        // The PATH is one folder holding only a link to the dotnet host: redis-server is nowhere on it.
        var onlyDotnet = Directory.CreateTempSubdirectory("streamrnn-path-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(onlyDotnet.FullName, "dotnet"), DotnetHost());
            start.Environment["PATH"] = onlyDotnet.FullName;

            var (exitCode, output, error) = await DotnetProcess.RunAsync(start, TimeSpan.FromMinutes(2), cancellationToken);

            Assert.Equal(1, exitCode);
            Assert.StartsWith("bench: redis-server could not be started: it is not on the PATH", error, StringComparison.Ordinal);
            Assert.Contains("--in-memory", error, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            onlyDotnet.Delete(recursive: true);
        }
    }

    /// <summary>The dotnet host this test's processes run on: the SDK's <c>DOTNET_HOST_PATH</c>, else the first on the PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "dotnet"))
            .FirstOrDefault(File.Exists);
        Assert.True(onPath is not null, "no dotnet on the PATH");
        return onPath;
    }

    [GeneratedRegex(@"^live: 20 sensors x 5/s = [\d,]+ readings/s for 3 s: p50=[\d.]+ p99=[\d.]+ max=[\d.]+ ms \(p99 first 1 s [\d.]+, last [\d.]+: (no growth|GROWS); scored (?<scored>[\d,]+) of (?<produced>[\d,]+) readings; embedded Kafka, in-process silo, checkpoints in memory; process CPU [\d.]+ cores\) target p99<=20 ms: (met|NOT met)$")]
    private static partial Regex LiveLine();
}
