using System.Globalization;
using System.Text.Json;

namespace StreamRnn.Silo.Tests;

/// <summary><c>streamrnn eval nab</c> run as the README runs it, on a small corpus in the NAB layout.</summary>
public sealed class EvalCommandProcessTests
{
    private const int Rows = 600;
    private static readonly DateTime Start = new(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task EvalNab_SelfContained_ReplaysEveryFileThroughKafkaAndWritesRowScoresAndTheThreeProfiles()
    {
        var ct = TestContext.Current.CancellationToken;
        var (output, stdout) = await RunEvalNabOnTwoFilesAsync([], ct);
        try
        {
            Assert.Contains("2 files, 1200 rows, 1 windows", stdout, StringComparison.Ordinal);
            foreach (var file in new[] { "level_shift.csv", "quiet.csv" })
            {
                var lines = await File.ReadAllLinesAsync(Path.Combine(output, "synthetic", file), ct);
                Assert.Equal("timestamp,anomaly_score", lines[0]);
                Assert.Equal(Rows + 1, lines.Length);
                Assert.Equal(Stamp(0), lines[1].Split(',')[0]);
                Assert.All(lines.Skip(1), line =>
                {
                    var score = double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture);
                    Assert.InRange(score, 0, 1);
                });
            }

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "scores.json"), ct));
            var profiles = report.RootElement.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("profile").GetProperty("name").GetString()).ToList();
            Assert.Equal(["standard", "reward_low_FP_rate", "reward_low_FN_rate"], profiles);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    [Fact]
    public async Task EvalNab_Interleave_RoundsFallInTheMiddleOfEverySeriesAndEveryRowIsScored()
    {
        var ct = TestContext.Current.CancellationToken;

        // Side by side, 400 readings are row 200 of both files: file after file, the first round would come after 600.
        var (output, stdout) = await RunEvalNabOnTwoFilesAsync(["--interleave", "--train-every", "400"], ct);
        try
        {
            Assert.Contains("fine-tuning round 1 after 400 readings", stdout, StringComparison.Ordinal);
            Assert.Contains("fine-tuning round 2 after 800 readings", stdout, StringComparison.Ordinal);
            Assert.Contains("2 files, 1200 rows, 1 windows", stdout, StringComparison.Ordinal);
            foreach (var file in new[] { "level_shift.csv", "quiet.csv" })
            {
                Assert.Equal(Rows + 1, (await File.ReadAllLinesAsync(Path.Combine(output, "synthetic", file), ct)).Length);
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    [Fact]
    public async Task EvalNab_AroundAnomalies_ReplaysAShortFileAroundEachAnomalyWithTheWindowNabWouldDraw()
    {
        var ct = TestContext.Current.CancellationToken;

        // The shift at row 400 in the middle of rows 300-499 (a window of 20 rows: 390-410); the quiet file's first 200 rows.
        var (output, stdout) = await RunEvalNabOnTwoFilesAsync(["--around-anomalies", "200"], ct);
        try
        {
            Assert.Contains("2 files, 400 rows, 1 windows", stdout, StringComparison.Ordinal);
            var shift = await File.ReadAllLinesAsync(Path.Combine(output, "synthetic", "level_shift_segment0.csv"), ct);
            Assert.Equal(201, shift.Length);
            Assert.Equal(Stamp(300), shift[1].Split(',')[0]);
            var quiet = await File.ReadAllLinesAsync(Path.Combine(output, "synthetic", "quiet_segment0.csv"), ct);
            Assert.Equal(Stamp(0), quiet[1].Split(',')[0]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    [Fact]
    public async Task EvalNab_AroundAnomaliesWithoutAnomalyPoints_ExitsInvalidInputNamingTheOption()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("streamrnn-eval-").FullName;
        try
        {
            var (data, labels) = await WriteTwoFileCorpusAsync(root, ct);
            var missing = Path.Combine(root, "no_such_labels.json");

            var (exitCode, _, stderr) = await DotnetProcess.RunAsync(
                DotnetProcess.CliStartInfo(["eval", "nab", "--data", data, "--labels", labels, "--out", Path.Combine(root, "out"), "--around-anomalies", "200", "--anomalies", missing]),
                TimeSpan.FromMinutes(2),
                ct);

            Assert.Equal(2, exitCode);
            Assert.Contains("--anomalies", stderr, StringComparison.Ordinal);
            Assert.Contains("no_such_labels.json", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Runs <c>streamrnn eval nab</c> (rounds on demand only, plus <paramref name="arguments"/>) on the two-file corpus in
    /// a new temporary folder and asserts it exits 0; returns its output folder, inside that temporary folder, which the
    /// caller deletes, and its standard output. The folder is deleted here if the run fails.
    /// </summary>
    private static async Task<(string Output, string Stdout)> RunEvalNabOnTwoFilesAsync(string[] arguments, CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("streamrnn-eval-").FullName;
        try
        {
            var (data, labels) = await WriteTwoFileCorpusAsync(root, ct);
            var output = Path.Combine(root, "out");
            var (exitCode, stdout, stderr) = await DotnetProcess.RunAsync(
                DotnetProcess.CliStartInfo(["eval", "nab", "--data", data, "--labels", labels, "--out", output, .. arguments, "--Training:Interval=00:00:00"]),
                TimeSpan.FromMinutes(5),
                ct);
            Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}\n{stdout}");
            return (output, stdout);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    [Fact]
    public async Task EvalProtocol_ThreeFolders_ReportsFineTuningAgainstNoneLeaveOneFolderOutShortFilesFilesAroundAnomaliesAndEachVariedSetting()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("streamrnn-protocol-").FullName;
        try
        {
            var data = Path.Combine(root, "data");
            WriteSeries(Path.Combine(data, "shifts", "up.csv"), step => 10 + Math.Sin(step / 5.0) + (step >= 400 ? 8 : 0));
            WriteSeries(Path.Combine(data, "spikes", "one.csv"), step => 5 + Math.Cos(step / 6.0) + (step == 450 ? 30 : 0));
            WriteSeries(Path.Combine(data, "quiet", "flat.csv"), step => 3 + (0.5 * Math.Cos(step / 7.0)));
            var labels = Path.Combine(root, "windows.json");
            await File.WriteAllTextAsync(
                labels,
                $$"""{"shifts/up.csv": [["{{Stamp(390)}}.000000", "{{Stamp(430)}}.000000"]], "spikes/one.csv": [["{{Stamp(440)}}.000000", "{{Stamp(470)}}.000000"]], "quiet/flat.csv": []}""",
                ct);
            await File.WriteAllTextAsync(
                Path.Combine(root, "combined_labels.json"),
                $$"""{"shifts/up.csv": ["{{Stamp(400)}}"], "spikes/one.csv": ["{{Stamp(450)}}"], "quiet/flat.csv": []}""",
                ct);
            var output = Path.Combine(root, "out");

            var (exitCode, stdout, stderr) = await DotnetProcess.RunAsync(
                DotnetProcess.CliStartInfo(["eval", "protocol", "--data", data, "--labels", labels, "--out", output, "--vary", "Sensors:QuietReadings", "--short-rows", "420", "--around-anomalies", "300", "--interleave", "--Training:Interval=00:00:00"]),
                TimeSpan.FromMinutes(8),
                ct);

            Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}\n{stdout}");
            // The defaults with and without fine-tuning, QuietReadings halved and doubled, and the corpus cut to 420 rows.
            Assert.Contains("replay 2: defaults, no fine-tuning", stdout, StringComparison.Ordinal);
            Assert.Contains("replay 5: first 420 rows", stdout, StringComparison.Ordinal);
            Assert.Contains("replay 6: 300 rows around each anomaly", stdout, StringComparison.Ordinal);
            var report = await File.ReadAllTextAsync(Path.Combine(output, "protocol.md"), ct);
            Assert.Contains("files replayed interleaved (side by side), a fine-tuning round every 20,000 readings.", report, StringComparison.Ordinal);
            Assert.Contains("## Fine-tuning during the run against none", report, StringComparison.Ordinal);
            Assert.Contains("| no fine-tuning |", report, StringComparison.Ordinal);
            Assert.Contains("| **fine-tuning's gain** |", report, StringComparison.Ordinal);
            foreach (var folder in new[] { "| quiet |", "| shifts |", "| spikes |" })
            {
                Assert.Equal(2, CountOf(report, folder)); // one row per profile's leave-one-folder-out table
            }

            Assert.Contains("n/a (no window)", report, StringComparison.Ordinal);
            Assert.Contains("| `Sensors:QuietReadings` | 10 |", report, StringComparison.Ordinal);
            Assert.Contains("half (5)", report, StringComparison.Ordinal);
            Assert.Contains("double (20)", report, StringComparison.Ordinal);
            // Cut to 420 rows, the spike's window (from row 440) is gone and the shift's is clipped: one window left.
            Assert.Contains("| 420 | 3 | 1 |", report, StringComparison.Ordinal);
            // 300 rows around the shift (row 400) and around the spike (row 450), the quiet file's first 300: a window each around the two anomalies.
            Assert.Contains("## Short files around each anomaly", report, StringComparison.Ordinal);
            Assert.Contains("| 300 | 3 | 2 |", report, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("Sensors:NoSuchSetting", "20000", "Sensors:NoSuchSetting is not a tuned setting")]
    [InlineData("Training:LearningRate", "0", "Training:LearningRate moves nothing with --train-every 0")]
    public async Task EvalProtocol_VaryNotMovable_ExitsInvalidInputNamingIt(string key, string trainEvery, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("streamrnn-protocol-").FullName;
        try
        {
            var data = Path.Combine(root, "data");
            WriteSeries(Path.Combine(data, "a", "x.csv"), step => step);
            WriteSeries(Path.Combine(data, "b", "y.csv"), step => step);
            var labels = Path.Combine(root, "windows.json");
            await File.WriteAllTextAsync(labels, """{"a/x.csv": [], "b/y.csv": []}""", ct);

            var (exitCode, _, stderr) = await DotnetProcess.RunAsync(
                DotnetProcess.CliStartInfo(["eval", "protocol", "--data", data, "--labels", labels, "--out", Path.Combine(root, "out"), "--vary", key, "--train-every", trainEvery]),
                TimeSpan.FromMinutes(2),
                ct);

            Assert.Equal(2, exitCode);
            Assert.Contains(expected, stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Two 600-row files in one folder, a level shift (one window) and a quiet series (none), and their labels.</summary>
    private static async Task<(string Data, string Labels)> WriteTwoFileCorpusAsync(string root, CancellationToken ct)
    {
        var data = Path.Combine(root, "data");
        WriteSeries(Path.Combine(data, "synthetic", "level_shift.csv"), step => 10 + Math.Sin(step / 5.0) + (step >= 400 ? 8 : 0));
        WriteSeries(Path.Combine(data, "synthetic", "quiet.csv"), step => 3 + (0.5 * Math.Cos(step / 7.0)));
        var labels = Path.Combine(root, "windows.json");
        await File.WriteAllTextAsync(
            labels,
            $$"""{"synthetic/level_shift.csv": [["{{Stamp(390)}}.000000", "{{Stamp(430)}}.000000"]], "synthetic/quiet.csv": []}""",
            ct);
        await File.WriteAllTextAsync(
            Path.Combine(root, "combined_labels.json"),
            $$"""{"synthetic/level_shift.csv": ["{{Stamp(400)}}"], "synthetic/quiet.csv": []}""",
            ct);
        return (data, labels);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Stamp(int step) => Start.AddMinutes(5 * step).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static void WriteSeries(string path, Func<int, double> value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, ["timestamp,value", .. Enumerable.Range(0, Rows).Select(step => string.Create(CultureInfo.InvariantCulture, $"{Stamp(step)},{value(step):R}"))]);
    }
}
