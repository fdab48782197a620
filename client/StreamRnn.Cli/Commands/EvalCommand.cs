using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using StreamRnn.Cli.Evaluation;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Evaluation;
using StreamRnn.Grains;
using StreamRnn.Scoring;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// <c>streamrnn eval nab --data &lt;dir&gt; --labels &lt;windows.json&gt; --out &lt;dir&gt;</c>: replays the NAB files through
/// Kafka into StreamRnn (a silo started in this process on the embedded default, or a running cluster with
/// <c>--gateway-port</c>), writes each file's per-row scores and scores them with the NAB rules.
/// </summary>
internal static class EvalCommand
{
    /// <summary>How long the evaluation waits for the silo to serve a version a fine-tuning round promoted.</summary>
    private static readonly TimeSpan SwapTimeout = TimeSpan.FromMinutes(2);

    internal const long DefaultTrainEvery = 20_000;
    private const string DefaultGroup = "default";

    public static Command Create()
    {
        var command = new Command("eval", "Evaluate StreamRnn on a benchmark.");
        command.Subcommands.Add(Nab());
        command.Subcommands.Add(EvalProtocolCommand.Create());
        return command;
    }

    private static Command Nab()
    {
        var data = DataOption();
        var labels = LabelsOption();
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder: <folder>/<file>.csv per file and scores.json.", Required = true };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "Use the running cluster at this gateway (it must set Kafka:ScoresTopic); default: a silo in this process." };
        var threshold = new Option<double?>("--threshold") { Description = "The alert threshold to report besides the optimised one (default: Sensors:AnomalyThreshold, 0.5)." };
        var timeout = TimeoutOption();
        var trainEvery = TrainEveryOption();
        var interleave = InterleaveOption();
        var anomalies = AnomaliesOption();
        var aroundAnomalies = new Option<int?>("--around-anomalies")
        {
            Description = "Replay the corpus as short files of N rows around each labelled anomaly (NAB's windows drawn again for that length; see --anomalies) instead of the whole files.",
        };
        var command = new Command("nab", "Replay the NAB files through Kafka into StreamRnn and score its alerts with the NAB rules. Silo settings: --Section:Key=value.")
        {
            data, labels, output, gatewayPort, threshold, timeout, trainEvery, interleave, anomalies, aroundAnomalies,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await LoadAsync(parse.GetValue(data)!, parse.GetValue(labels)!) is not { } dataset)
            {
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(aroundAnomalies) is { } rows)
            {
                if (rows < 2)
                {
                    await Console.Error.WriteLineAsync("--around-anomalies must be at least 2 rows.");
                    return ExitCodes.InvalidInput;
                }

                if (await LoadAnomaliesAsync(parse.GetValue(labels)!, parse.GetValue(anomalies)) is not { } points)
                {
                    return ExitCodes.InvalidInput;
                }

                try
                {
                    dataset = dataset.AroundAnomalies(rows, points);
                }
                catch (Exception exception) when (exception is KeyNotFoundException or InvalidDataException)
                {
                    await Console.Error.WriteLineAsync(exception.Message);
                    return ExitCodes.InvalidInput;
                }
            }

            var settings = parse.UnmatchedTokens.ToList();
            var alertThreshold = parse.GetValue(threshold) ?? ThresholdFrom(settings);
            var started = DateTime.UtcNow;
            IReadOnlyDictionary<string, double[]> scores;
            try
            {
                scores = parse.GetValue(gatewayPort) is { } port
                    ? await RunOnClusterAsync(dataset, port, parse.GetValue(timeout), parse.GetValue(trainEvery), parse.GetValue(interleave), cancellationToken)
                    : await RunInProcessAsync(dataset, settings, parse.GetValue(timeout), parse.GetValue(trainEvery), cancellationToken, interleave: parse.GetValue(interleave));
            }
            catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException or TimeoutException)
            {
                var message = exception is OptionsValidationException validation ? "Invalid configuration: " + string.Join(" ", validation.Failures) : exception.Message;
                await Console.Error.WriteLineAsync(message);
                return ExitCodes.InvalidInput;
            }

            var outputDirectory = parse.GetValue(output)!.FullName;
            await WriteScoresAsync(dataset, scores, outputDirectory, cancellationToken);
            var result = new NabEvaluation(dataset.WithScores(file => scores[file.Key])).Evaluate(alertThreshold);
            var report = NabScoreReport.Create("StreamRnn", result);
            await report.SaveAsync(Path.Combine(outputDirectory, "scores.json"), cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{dataset.Files.Count} files, {dataset.RowCount} rows, {dataset.WindowCount} windows, {(DateTime.UtcNow - started).TotalSeconds:F0} s"));
            Console.WriteLine("profile              optimised threshold  score    configured threshold  score");
            foreach (var profile in result.Profiles)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{profile.Profile.Name,-20} {profile.Optimised.Threshold,-20:G6} {profile.Optimised.NormalisedScore,6:F2}   {profile.Configured.Threshold,-20:G6} {profile.Configured.NormalisedScore,7:F2}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Loads the corpus; on a missing or malformed file prints why and returns null.</summary>
    internal static async Task<NabDataset?> LoadAsync(DirectoryInfo data, FileInfo labels)
    {
        try
        {
            return NabDataset.Load(data.FullName, labels.FullName);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return null;
        }
    }

    /// <summary>
    /// Loads NAB's anomaly points from <paramref name="anomalies"/>, or from <see cref="NabAnomalyLabels.RelativePath"/>'s
    /// file name beside <paramref name="labels"/>; on a missing or malformed file prints why and returns null.
    /// </summary>
    internal static async Task<NabAnomalyLabels?> LoadAnomaliesAsync(FileInfo labels, FileInfo? anomalies)
    {
        var path = AnomaliesPath(labels, anomalies);
        try
        {
            return NabAnomalyLabels.Load(path);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"The anomaly labels (--anomalies) could not be read: {exception.Message}");
            return null;
        }
    }

    /// <summary>Where the anomaly points are read from: <c>--anomalies</c>, else <c>combined_labels.json</c> beside the windows file.</summary>
    internal static string AnomaliesPath(FileInfo labels, FileInfo? anomalies) =>
        anomalies?.FullName ?? Path.Combine(labels.DirectoryName ?? ".", Path.GetFileName(NabAnomalyLabels.RelativePath));

    /// <summary><c>--anomalies</c>: NAB's anomaly points, for the short files around each anomaly.</summary>
    internal static Option<FileInfo?> AnomaliesOption() => new("--anomalies")
    {
        Description = "NAB combined_labels.json (the anomaly points), for the short files around each anomaly (default: combined_labels.json beside --labels).",
    };

    /// <summary><c>--data</c>: the NAB data folder.</summary>
    internal static Option<DirectoryInfo> DataOption() => new("--data") { Description = "NAB data folder (<folder>/<file>.csv).", Required = true };

    /// <summary><c>--labels</c>: NAB's windows file.</summary>
    internal static Option<FileInfo> LabelsOption() => new("--labels") { Description = "NAB combined_windows.json.", Required = true };

    /// <summary><c>--timeout</c>: how long a replay waits for its scores.</summary>
    internal static Option<TimeSpan> TimeoutOption() => new("--timeout") { Description = "Give up when scores are still missing after this long.", DefaultValueFactory = _ => TimeSpan.FromMinutes(30) };

    /// <summary><c>--interleave</c>: the files replayed side by side rather than one after another.</summary>
    internal static Option<bool> InterleaveOption() => new("--interleave")
    {
        Description = "Replay the files side by side, one row of each in turn, as a live fleet reads: fine-tuning rounds then fall in the middle of every series and every sensor switches models while it runs. Default: file after file.",
    };

    /// <summary><c>--train-every</c>: fine-tuning rounds during a replay.</summary>
    internal static Option<long> TrainEveryOption() => new("--train-every")
    {
        Description = "Run a fine-tuning round (train-now, through the validation gate) after the file that brings the readings replayed since the last round to at least this many; 0: none.",
        DefaultValueFactory = _ => DefaultTrainEvery,
    };

    /// <summary>The threshold the settings configure (<c>--Sensors:AnomalyThreshold=</c>), or the default.</summary>
    internal static double ThresholdFrom(List<string> settings)
    {
        const string Key = "--Sensors:AnomalyThreshold=";
        var given = settings.LastOrDefault(s => s.StartsWith(Key, StringComparison.OrdinalIgnoreCase));
        return given is null ? new SensorOptions().AnomalyThreshold : double.Parse(given[Key.Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Replays <paramref name="dataset"/> through a silo started in this process with <paramref name="settings"/> and returns every file's scores.</summary>
    internal static async Task<IReadOnlyDictionary<string, double[]>> RunInProcessAsync(NabDataset dataset, List<string> settings, TimeSpan timeout, long trainEvery, CancellationToken cancellationToken, TextWriter? progress = null, bool interleave = false)
    {
        await using var silo = await InProcessSilo.StartAsync(settings, cancellationToken);
        var coordinator = silo.GrainFactory.GetGrain<IFineTuningCoordinatorGrain>(silo.TrainingGroup);
        var rounds = new EvaluationRounds(trainEvery, coordinator, (version, ct) => silo.WaitForServedVersionAsync(version, SwapTimeout, ct));
        return await NabReplayRun.RunAsync(dataset, silo.BootstrapServers, silo.ReadingsTopic, InProcessSilo.ScoresTopic, silo.DeadLetterTopic, timeout, progress ?? Console.Out, rounds, interleave, cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<string, double[]>> RunOnClusterAsync(NabDataset dataset, int gatewayPort, TimeSpan timeout, long trainEvery, bool interleave, CancellationToken cancellationToken)
    {
        using var host = await StreamRnnClusterClient.ConnectAsync(gatewayPort, cancellationToken);
        var endpoint = await host.Client().GetGrain<IClusterInfoGrain>(0).GetKafkaEndpointAsync(cancellationToken);
        if (string.IsNullOrEmpty(endpoint.ScoresTopic))
        {
            throw new InvalidOperationException("The cluster publishes no scores: start it with --Kafka:ScoresTopic=<topic>.");
        }

        // The cluster's group is taken to be the default one; its silos pick a promotion up within Training:SyncInterval.
        var rounds = new EvaluationRounds(trainEvery, host.Client().GetGrain<IFineTuningCoordinatorGrain>(DefaultGroup), null);
        return await NabReplayRun.RunAsync(dataset, endpoint.BootstrapServers, endpoint.ReadingsTopic, endpoint.ScoresTopic, endpoint.DeadLetterTopic, timeout, Console.Out, rounds, interleave, cancellationToken);
    }

    private static async Task WriteScoresAsync(NabDataset dataset, IReadOnlyDictionary<string, double[]> scores, string outputDirectory, CancellationToken cancellationToken)
    {
        foreach (var file in dataset.Files)
        {
            var path = Path.Combine(outputDirectory, file.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var writer = new StreamWriter(path);
            await writer.WriteLineAsync("timestamp,anomaly_score");
            var fileScores = scores[file.Key];
            for (var row = 0; row < file.RowCount; row++)
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{file.Timestamps[row]:yyyy-MM-dd HH:mm:ss},{fileScores[row]:R}"));
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
