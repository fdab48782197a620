using System.Diagnostics;
using System.Text.RegularExpressions;

namespace StreamRnn.Chaos.Tests;

/// <summary>
/// The chaos tool as scripts/chaos runs it, on a small input: real Redis, the development Kafka, three silo
/// processes, two SIGKILLs. Needs redis-server (scripts/test installs it).
/// </summary>
public sealed partial class ChaosToolTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    [Trait("Category", "Chaos")]
    public async Task Run_TwoKillsTwentyThousandReadings_LastLineAllZeroAndExitCodeZero()
    {
        var output = Directory.CreateTempSubdirectory("streamrnn-chaos-test-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ChaosOutput() };
        foreach (var argument in new[]
        {
            Path.Combine(ChaosOutput(), "StreamRnn.Chaos.dll"),
            "--sensors", "200", "--readings", "20000", "--rate", "1000", "--kills", "2", "--kill-interval", "5s",
            "--checkpoint-interval", "1s", "--timeout", "200s", "--out", output,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            deadline.CancelAfter(ToolTimeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }

        var text = await stdout;
        var lastLine = text.TrimEnd().Split('\n')[^1].Trim();
        var match = SummaryLine().Match(lastLine);
        Assert.True(match.Success, $"last line: '{lastLine}'{Environment.NewLine}{text}{await stderr}");
        // At least the two asked for; more when production outlasts them (kills go on while readings are produced).
        Assert.True(int.Parse(match.Groups["kills"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, lastLine);
        Assert.Equal("20000", match.Groups["produced"].Value);
        Assert.True(
            match.Groups["rest"].Value == "lost=0 duplicated=0 state-mismatch=0 alert-ids-missing=0" && process.ExitCode == 0,
            $"exit code {process.ExitCode}; output:{Environment.NewLine}{text}");
        Directory.Delete(output, recursive: true);
    }

    /// <summary>The chaos tool's own build folder (beside the tests, its dependencies would resolve against the test's).</summary>
    private static string ChaosOutput() =>
        AppContext.BaseDirectory.Replace(Path.Combine("tests", "StreamRnn.Chaos.Tests"), Path.Combine("tests", "StreamRnn.Chaos"), StringComparison.Ordinal);

    [GeneratedRegex(@"^chaos: kills=(?<kills>\d+) produced=(?<produced>\d+) applied=\d+ (?<rest>lost=\d+ duplicated=\d+ state-mismatch=\d+ alert-ids-missing=\d+)$")]
    private static partial Regex SummaryLine();
}
