using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Silo.Tests;

/// <summary>The <c>streamrnn</c> executable's offline commands, run as a user runs them.</summary>
public sealed partial class CliProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"streamrnn-cli-{Guid.NewGuid():N}");

    public CliProcessTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TrainThenScore_SmallSeries_WritesCheckpointMetricsPlotsAndScores()
    {
        var ct = TestContext.Current.CancellationToken;
        var csv = Path.Combine(_directory, "sine.csv");
        var random = new Random(4);
        var start = new DateTime(2014, 4, 1);
        File.WriteAllLines(csv, ["timestamp,value", .. Enumerable.Range(0, 600).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{start.AddMinutes(5 * i):yyyy-MM-dd HH:mm:ss},{20 + 5 * Math.Sin(i / 8.0) + random.NextDouble():F4}"))]);
        var output = Path.Combine(_directory, "run");

        var train = await RunCliAsync(["train", csv, "--out", output, "--epochs", "3", "--hidden", "8", "--window", "24", "--with-scorer"], ct);
        Assert.True(train.ExitCode == 0, train.Output + train.Error);

        foreach (var file in new[] { "model.ckpt", "metrics.json", "loss.png", "forecast.png" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} missing");
        }

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(output, "loss.png")).Take(4));
        var metrics = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "metrics.json"), ct))!;
        foreach (var who in new[] { "model", "persistence" })
        {
            foreach (var key in new[] { "mse", "mae", "rmse", "r2" })
            {
                Assert.True(double.IsFinite(metrics[who]![key]!.GetValue<double>()), $"{who}.{key}");
            }
        }

        Assert.Equal(5, metrics["perStep"]!.AsArray().Count);
        Assert.Equal(3, metrics["workingSetBytesPerEpoch"]!.AsArray().Count);

        foreach (var mode in new[] { "causal", "bidirectional" })
        {
            var scores = Path.Combine(_directory, $"{mode}.csv");
            string[] arguments = mode == "causal"
                ? ["score", csv, "--checkpoint", Path.Combine(output, "model.ckpt"), "--out", scores]
                : ["score", csv, "--checkpoint", Path.Combine(output, "model.ckpt"), "--out", scores, "--bidirectional"];
            var score = await RunCliAsync(arguments, ct);
            Assert.True(score.ExitCode == 0, score.Output + score.Error);
            var rows = await File.ReadAllLinesAsync(scores, ct);
            Assert.Equal("timestamp,value,expected,error,anomaly_score", rows[0]);
            Assert.Equal(601, rows.Length);
            Assert.All(rows.Skip(1), row => Assert.InRange(double.Parse(row.Split(',')[4], CultureInfo.InvariantCulture), 0, 1));
        }
    }

    [Fact]
    public async Task Train_InterruptedWithCtrlC_StopsCleanlyAndKeepsTheBestEpoch()
    {
        var ct = TestContext.Current.CancellationToken;
        var csv = Path.Combine(_directory, "long.csv");
        var start = new DateTime(2014, 4, 1);
        File.WriteAllLines(csv, ["timestamp,value", .. Enumerable.Range(0, 3000).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{start.AddMinutes(5 * i):yyyy-MM-dd HH:mm:ss},{Math.Sin(i / 6.0):F4}"))]);
        var output = Path.Combine(_directory, "interrupted");
        var startInfo = CliStartInfo(["train", csv, "--out", output, "--epochs", "10000", "--patience", "10000", "--hidden", "8"]);
        using var process = Process.Start(startInfo)!;
        try
        {
            var seen = new System.Text.StringBuilder();
            var epochDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, line) =>
            {
                lock (seen)
                {
                    seen.AppendLine(line.Data);
                    if (line.Data?.Contains("epoch 2/", StringComparison.Ordinal) == true)
                    {
                        epochDone.TrySetResult();
                    }
                }
            };
            process.BeginOutputReadLine();
            var error = process.StandardError.ReadToEndAsync(ct);
            await epochDone.Task.WaitAsync(TimeSpan.FromMinutes(3), ct);

            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync(ct);
            }

            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(2), ct);
            Assert.True(process.ExitCode == 0, seen + await error);
            var metrics = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "metrics.json"), ct))!;
            Assert.True(metrics["cancelled"]!.GetValue<bool>());

            // The reported best epoch is the completed epoch with the lowest validation loss of those the
            // run printed (a partial epoch is dropped and prints nothing), and the report gives its loss.
            var printed = EpochLine().Matches(seen.ToString()).ToDictionary(
                match => int.Parse(match.Groups["epoch"].Value, CultureInfo.InvariantCulture),
                match => match.Groups["val"].Value);
            var validationLoss = printed.ToDictionary(pair => pair.Key, pair => double.Parse(pair.Value, CultureInfo.InvariantCulture));
            var bestEpoch = metrics["bestEpoch"]!.GetValue<int>();
            var bestLoss = metrics["bestValidationLoss"]!.GetValue<double>();
            Assert.True(validationLoss.Count >= 2, seen.ToString());
            Assert.Equal(validationLoss.Count, metrics["epochs"]!.GetValue<int>());
            Assert.Contains(bestEpoch, validationLoss.Keys);
            Assert.Equal(validationLoss.Values.Min(), validationLoss[bestEpoch]);
            Assert.Equal(printed[bestEpoch], bestLoss.ToString("F5", CultureInfo.InvariantCulture));

            // The kept checkpoint is that epoch's: its metadata names the same epoch and loss, and it is the
            // file the report describes.
            var checkpointPath = Path.Combine(output, "model.ckpt");
            var checkpoint = CheckpointFile.Load(checkpointPath);
            Assert.Equal(bestEpoch.ToString(CultureInfo.InvariantCulture), checkpoint.Metadata["bestEpoch"]);
            Assert.Equal(bestLoss, double.Parse(checkpoint.Metadata["bestValidationLoss"], CultureInfo.InvariantCulture));
            Assert.Equal(metrics["checkpointSha256"]!.GetValue<string>(), CheckpointFile.ContentSha256(checkpointPath));
        }
        finally
        {
            // A run that failed must not leave a training process behind to slow the tests after it.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"^epoch (?<epoch>\d+)/\d+ train \S+ val (?<val>\S+)", RegexOptions.Multiline)]
    private static partial Regex EpochLine();

    [Fact]
    public async Task Score_CorruptCheckpoint_FailsNamingTheProblem()
    {
        var ct = TestContext.Current.CancellationToken;
        var csv = Path.Combine(_directory, "tiny.csv");
        File.WriteAllLines(csv, ["timestamp,value", "2014-04-01 00:00:00,1", "2014-04-01 00:05:00,2"]);
        var checkpoint = Path.Combine(_directory, "bad.ckpt");
        File.WriteAllText(checkpoint, "SRNNCKPT but not really");

        var result = await RunCliAsync(["score", csv, "--checkpoint", checkpoint], ct);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.ckpt", result.Error, StringComparison.Ordinal);
    }

    private static ProcessStartInfo CliStartInfo(string[] arguments) => DotnetProcess.StartInfo("streamrnn.dll", arguments);

    private static Task<(int ExitCode, string Output, string Error)> RunCliAsync(string[] arguments, CancellationToken cancellationToken) =>
        DotnetProcess.RunAsync(CliStartInfo(arguments), TimeSpan.FromMinutes(5), cancellationToken);
}
