using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using StreamRnn.Cli.Evaluation;
using StreamRnn.Evaluation;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// <c>streamrnn eval protocol --data &lt;dir&gt; --labels &lt;windows.json&gt; --out &lt;dir&gt;</c>: the generalisation protocol
/// (issue 14). It replays the corpus once with the defaults and once per variant that moves one tuned setting (halved,
/// doubled, or a switch turned over), every replay through a silo in this process, then reports leave-one-folder-out
/// (settings and threshold chosen on three folders, scored on the fourth), the corpus cut to its first rows, and how
/// far each setting moves the score. Written to <c>&lt;out&gt;/protocol.md</c> and printed.
/// </summary>
internal static class EvalProtocolCommand
{
    public static Command Create()
    {
        var data = EvalCommand.DataOption();
        var labels = EvalCommand.LabelsOption();
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder for protocol.md.", Required = true };
        var vary = new Option<string[]>("--vary")
        {
            Description = "A tuned setting to move (e.g. Sensors:MinimumEventGap; repeat for more); default: every tuned setting.",
        };
        var shortRows = new Option<int[]>("--short-rows")
        {
            Description = "Cut the corpus to its first N rows per file and score it with the defaults (repeat for more; default 2000 and 4000).",
            DefaultValueFactory = _ => [2_000, 4_000],
        };
        var coarsen = new Option<int[]>("--coarsen")
        {
            Description = "Average every K rows of each file into one (a K times slower cadence) and score it with the defaults (repeat for more; default 3, 6 and 12: 15-minute, 30-minute and hourly on 5-minute files).",
            DefaultValueFactory = _ => [3, 6, 12],
        };
        var aroundAnomalies = new Option<int[]>("--around-anomalies")
        {
            Description = "Cut the corpus into short files of N rows around each labelled anomaly, NAB's windows drawn again for that length, and score them with the defaults (repeat for more; default 1500 and 3000). Needs the anomaly points (--anomalies); by default skipped, with a note, where there are none.",
            DefaultValueFactory = _ => [1_500, 3_000],
        };
        var anomalies = EvalCommand.AnomaliesOption();
        var timeout = EvalCommand.TimeoutOption();
        var trainEvery = EvalCommand.TrainEveryOption();
        var interleave = EvalCommand.InterleaveOption();
        var command = new Command("protocol", "The generalisation protocol: leave-one-folder-out, short files and each tuned setting halved and doubled. Silo settings for every run: --Section:Key=value.")
        {
            data, labels, output, vary, shortRows, coarsen, aroundAnomalies, anomalies, timeout, trainEvery, interleave,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await EvalCommand.LoadAsync(parse.GetValue(data)!, parse.GetValue(labels)!) is not { } dataset)
            {
                return ExitCodes.InvalidInput;
            }

            var tuned = TunedSetting.All;
            var fineTunes = parse.GetValue(trainEvery) > 0;
            if (parse.GetValue(vary) is { Length: > 0 } keys)
            {
                var unknown = keys.Where(key => !tuned.Any(setting => string.Equals(setting.Key, key, StringComparison.OrdinalIgnoreCase))).ToList();
                if (unknown.Count > 0)
                {
                    await Console.Error.WriteLineAsync($"--vary: {string.Join(", ", unknown)} is not a tuned setting; they are: {string.Join(", ", tuned.Select(s => s.Key))}.");
                    return ExitCodes.InvalidInput;
                }

                tuned = [.. tuned.Where(setting => keys.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))];
                if (!fineTunes && tuned.FirstOrDefault(setting => setting.IsFineTuning) is { } idle)
                {
                    await Console.Error.WriteLineAsync($"--vary: {idle.Key} moves nothing with --train-every 0 (no fine-tuning).");
                    return ExitCodes.InvalidInput;
                }
            }
            else if (!fineTunes)
            {
                tuned = [.. tuned.Where(setting => !setting.IsFineTuning)];
            }

            if (dataset.Folders.Count < 2 || parse.GetValue(shortRows)!.Any(rows => rows < 1) || parse.GetValue(coarsen)!.Any(rows => rows < 2) || parse.GetValue(aroundAnomalies)!.Any(rows => rows < 2))
            {
                await Console.Error.WriteLineAsync("The protocol needs a corpus of at least two folders, --short-rows values of at least 1, --coarsen values of at least 2 and --around-anomalies values of at least 2.");
                return ExitCodes.InvalidInput;
            }

            // The short files around each anomaly need NAB's anomaly points; asked for by default, they are skipped with a note where there are none.
            var anomaliesPath = EvalCommand.AnomaliesPath(parse.GetValue(labels)!, parse.GetValue(anomalies));
            var asked = parse.GetResult(aroundAnomalies) is { Implicit: false } || parse.GetValue(anomalies) is not null;
            NabAnomalyLabels? points = null;
            if (parse.GetValue(aroundAnomalies)!.Length > 0 && (asked || File.Exists(anomaliesPath)))
            {
                points = await EvalCommand.LoadAnomaliesAsync(parse.GetValue(labels)!, parse.GetValue(anomalies));
                if (points is null)
                {
                    return ExitCodes.InvalidInput;
                }
            }

            var common = parse.UnmatchedTokens.ToList();
            var replay = new Replay(common, parse.GetValue(timeout), parse.GetValue(trainEvery), parse.GetValue(interleave), EvalCommand.ThresholdFrom(common));
            var started = Stopwatch.StartNew();
            try
            {
                var defaults = await replay.RunAsync(dataset, "defaults", [], cancellationToken);
                // Issue 14 item 4: the defaults once more without fine-tuning, replayed the same way, beside the run with it.
                var withoutFineTuning = fineTunes
                    ? await replay.RunAsync(dataset, "defaults, no fine-tuning", [], cancellationToken, fineTune: false)
                    : null;
                var variants = new List<ProtocolRun>();
                foreach (var setting in tuned)
                {
                    foreach (var (name, value) in setting.Variants())
                    {
                        variants.Add(await replay.RunAsync(dataset, name, [$"--{setting.Key}={value}"], cancellationToken));
                    }
                }

                var candidates = new[] { defaults }.Concat(variants).Select(run => (run.Name, run.Scores)).ToList();
                var folds = new Dictionary<string, (IReadOnlyList<NabFoldResult> Chosen, IReadOnlyList<NabFoldResult> Defaults)>();
                foreach (var profile in new[] { NabProfile.Standard, NabProfile.RewardLowFalsePositives })
                {
                    // Beside the choice, the defaults alone (only their threshold chosen on the other folders).
                    folds[profile.Name] = (NabLeaveOneFolderOut.Run(dataset, candidates, profile), NabLeaveOneFolderOut.Run(dataset, [(defaults.Name, defaults.Scores)], profile));
                }

                var shortFiles = new List<(int Rows, ProtocolRun Run)>();
                foreach (var rows in parse.GetValue(shortRows)!)
                {
                    shortFiles.Add((rows, await replay.RunAsync(dataset.Truncate(rows), $"first {rows} rows", [], cancellationToken)));
                }

                var aroundEachAnomaly = new List<(int Rows, ProtocolRun Run)>();
                if (points is not null)
                {
                    foreach (var rows in parse.GetValue(aroundAnomalies)!)
                    {
                        aroundEachAnomaly.Add((rows, await replay.RunAsync(dataset.AroundAnomalies(rows, points), $"{rows} rows around each anomaly", [], cancellationToken)));
                    }
                }

                var slower = new List<(int RowsPerReading, ProtocolRun Run)>();
                foreach (var rows in parse.GetValue(coarsen)!)
                {
                    slower.Add((rows, await replay.RunAsync(dataset.Coarsen(rows), $"every {rows} rows averaged", [], cancellationToken)));
                }

                // The defaults' folds with only the threshold chosen are scored above already; the run without fine-tuning's beside them.
                var fineTuning = withoutFineTuning is null
                    ? null
                    : FineTuningComparison.Of(dataset, defaults, folds.ToDictionary(pair => pair.Key, pair => pair.Value.Defaults), withoutFineTuning);
                var report = ProtocolReport.Format(dataset, replay.Describe(), defaults, fineTuning, variants, folds, shortFiles, (aroundEachAnomaly, points is null ? anomaliesPath : null), slower, tuned, started.Elapsed);
                var directory = parse.GetValue(output)!;
                directory.Create();
                await File.WriteAllTextAsync(Path.Combine(directory.FullName, "protocol.md"), report, cancellationToken);
                Console.WriteLine();
                Console.WriteLine(report);
                return ExitCodes.Success;
            }
            catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException or TimeoutException or KeyNotFoundException or InvalidDataException)
            {
                var message = exception is OptionsValidationException validation ? "Invalid configuration: " + string.Join(" ", validation.Failures) : exception.Message;
                await Console.Error.WriteLineAsync(message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    /// <summary>Replays a corpus with the common settings plus a variant's, and scores it.</summary>
    private sealed class Replay(List<string> common, TimeSpan timeout, long trainEvery, bool interleave, double threshold)
    {
        private int _count;

        /// <summary>How every replay ran, for the report's first line.</summary>
        public string Describe() =>
            string.Create(CultureInfo.InvariantCulture, $"{(interleave ? "files replayed interleaved (side by side)" : "files replayed one after another")}, {(trainEvery > 0 ? $"a fine-tuning round every {trainEvery:N0} readings" : "no fine-tuning")}");

        public async Task<ProtocolRun> RunAsync(NabDataset dataset, string name, IReadOnlyList<string> settings, CancellationToken cancellationToken, bool fineTune = true)
        {
            var clock = Stopwatch.StartNew();
            var scores = await EvalCommand.RunInProcessAsync(dataset, [.. common, .. settings], timeout, fineTune ? trainEvery : 0, cancellationToken, TextWriter.Null, interleave);
            var result = new NabEvaluation(dataset.WithScores(file => scores[file.Key])).Evaluate(threshold);
            var run = new ProtocolRun(name, settings, scores, result, clock.Elapsed);
            _count++;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"replay {_count}: {name,-48} standard {result.For(NabProfile.Standard.Name).Optimised.NormalisedScore,6:F2}  low FP {result.For(NabProfile.RewardLowFalsePositives.Name).Optimised.NormalisedScore,6:F2}  {clock.Elapsed.TotalSeconds,4:F0} s"));
            return run;
        }
    }
}
