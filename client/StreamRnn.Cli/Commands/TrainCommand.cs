using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamRnn.Cli.Training;
using StreamRnn.Client;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Training;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// <c>streamrnn train &lt;csv&gt;… --out &lt;dir&gt;</c>: trains a forecaster offline and writes <c>model.ckpt</c>,
/// <c>metrics.json</c>, <c>loss.png</c> and <c>forecast.png</c>. Ctrl-C stops after the current batch and
/// keeps the best epoch so far.
/// </summary>
internal static class TrainCommand
{
    private const double BytesPerMebibyte = 1024 * 1024;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("csv") { Description = "timestamp,value[,value…] CSV series (NAB layout accepted); all must have the same number of value columns.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for model.ckpt, metrics.json, loss.png and forecast.png.", Required = true };
        var defaults = new TrainerOptions();
        var cell = new Option<RecurrentCellKind>("--cell") { Description = "Gru, Lstm or Rnn.", DefaultValueFactory = _ => defaults.Cell };
        var nonlinearity = new Option<RnnNonlinearity>("--nonlinearity") { Description = "Tanh or Relu (vanilla RNN only).", DefaultValueFactory = _ => defaults.RnnNonlinearity };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size.", DefaultValueFactory = _ => defaults.HiddenSize };
        var layers = new Option<int>("--layers") { Description = "Stacked layers.", DefaultValueFactory = _ => defaults.Layers };
        var dropout = new Option<double>("--dropout") { Description = "Dropout between stacked layers while training.", DefaultValueFactory = _ => defaults.Dropout };
        var window = new Option<int>("--window") { Description = "Steps per training window (truncated BPTT length).", DefaultValueFactory = _ => defaults.InputLength };
        var horizon = new Option<int>("--horizon") { Description = "Forecast steps.", DefaultValueFactory = _ => defaults.Horizon };
        var batch = new Option<int>("--batch") { Description = "Windows per batch.", DefaultValueFactory = _ => defaults.BatchSize };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs.", DefaultValueFactory = _ => defaults.Epochs };
        var optimizer = new Option<OptimizerKind>("--optimizer") { Description = "Adam or Sgd.", DefaultValueFactory = _ => defaults.Optimizer };
        var learningRate = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var loss = new Option<LossKind>("--loss") { Description = "Mse, Mae or Huber.", DefaultValueFactory = _ => defaults.Loss };
        var clip = new Option<double>("--clip") { Description = "Gradient-norm clipping (0: off).", DefaultValueFactory = _ => defaults.GradientClipNorm };
        var patience = new Option<int>("--patience") { Description = "Early stopping: epochs without a better validation loss.", DefaultValueFactory = _ => defaults.EarlyStoppingPatience };
        var seed = new Option<long>("--seed") { Description = "Seed of weights, shuffling and dropout.", DefaultValueFactory = _ => defaults.Seed };
        var trainFraction = new Option<double>("--train") { Description = "Fraction of each series for training (the first part).", DefaultValueFactory = _ => defaults.TrainFraction };
        var validationFraction = new Option<double>("--validation") { Description = "Fraction for validation (the next part); the rest is the test part.", DefaultValueFactory = _ => defaults.ValidationFraction };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => defaults.Device };
        var withScorer = new Option<bool>("--with-scorer") { Description = "Also train the bidirectional scorer for offline re-scoring (streamrnn score --bidirectional) and store it in the checkpoint." };
        var command = new Command("train", "Train a forecaster on CSV series; write a checkpoint, metrics and plots.")
        {
            files, output, cell, nonlinearity, hidden, layers, dropout, window, horizon, batch, epochs, optimizer, learningRate, loss, clip, patience, seed, trainFraction, validationFraction, device, withScorer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new TrainerOptions
            {
                Cell = parse.GetValue(cell),
                RnnNonlinearity = parse.GetValue(nonlinearity),
                HiddenSize = parse.GetValue(hidden),
                Layers = parse.GetValue(layers),
                Dropout = parse.GetValue(dropout),
                InputLength = parse.GetValue(window),
                Horizon = parse.GetValue(horizon),
                BatchSize = parse.GetValue(batch),
                Epochs = parse.GetValue(epochs),
                Optimizer = parse.GetValue(optimizer),
                LearningRate = parse.GetValue(learningRate),
                Loss = parse.GetValue(loss),
                GradientClipNorm = parse.GetValue(clip),
                EarlyStoppingPatience = parse.GetValue(patience),
                Seed = parse.GetValue(seed),
                TrainFraction = parse.GetValue(trainFraction),
                ValidationFraction = parse.GetValue(validationFraction),
                Device = parse.GetValue(device)!,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return ExitCodes.InvalidInput;
            }

            SeriesData data;
            try
            {
                data = await LoadAsync(parse.GetValue(files) ?? [], cancellationToken);
            }
            catch (Exception exception) when (exception is FormatException or IOException or ArgumentException)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return ExitCodes.InvalidInput;
            }

            var outputDirectory = parse.GetValue(output)!;
            outputDirectory.Create();
            var memory = new List<long>();
            using var result = await RunWithProgressAsync(data, options, memory, cancellationToken);
            using var scorer = parse.GetValue(withScorer) && !result.Cancelled ? await TrainScorerAsync(data, options, cancellationToken) : null;
            return WriteOutputs(result, scorer, memory, outputDirectory.FullName);
        });
        return command;
    }

    private static async Task<SeriesData> LoadAsync(FileInfo[] files, CancellationToken cancellationToken)
    {
        var series = new List<TimeSeries>();
        foreach (var file in files)
        {
            if (!file.Exists)
            {
                throw new IOException($"No such file: {file.FullName}");
            }

            var points = new List<SeriesPoint>();
            await foreach (var point in CsvSeriesReader.ReadAsync(file.FullName, cancellationToken))
            {
                points.Add(point);
            }

            if (points.Count == 0)
            {
                throw new FormatException($"{file.FullName} holds no rows.");
            }

            var channels = points[0].Values.Length;
            var values = new float[points.Count, channels];
            for (var i = 0; i < points.Count; i++)
            {
                if (points[i].Values.Length != channels)
                {
                    throw new FormatException($"{file.FullName}: row {i + 1} has {points[i].Values.Length} values, the first row {channels}.");
                }

                for (var c = 0; c < channels; c++)
                {
                    values[i, c] = (float)points[i].Values[c];
                }
            }

            // Training follows file order. Real files have glitches (NAB's machine_temperature steps back
            // an hour once); their timestamps are then left out rather than the file refused.
            var backwards = Enumerable.Range(1, points.Count - 1).FirstOrDefault(i => points[i].Timestamp < points[i - 1].Timestamp);
            if (backwards > 0)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]{file.Name}: timestamps go back in time at row {backwards + 1}; training uses the file's order.[/]");
            }

            series.Add(new TimeSeries(Path.GetFileNameWithoutExtension(file.Name), values, backwards > 0 ? null : [.. points.Select(p => p.Timestamp)]));
        }

        return new SeriesData(series);
    }

    /// <param name="memory">Receives the process working set after each epoch (native memory included: TorchSharp tensors live there).</param>
    private static Task<TrainingResult> RunWithProgressAsync(SeriesData data, TrainerOptions options, List<long> memory, CancellationToken cancellationToken) =>
        RunTrainingAsync($"training {options.Cell}", options, report => memory.Add(Environment.WorkingSet), progress => Trainer.Train(data, options, progress, cancellationToken));

    private static Task<ScorerTrainingResult> TrainScorerAsync(SeriesData data, TrainerOptions options, CancellationToken cancellationToken) =>
        RunTrainingAsync("training the bidirectional scorer", options, _ => { }, progress => ScorerTrainer.Train(data, options, progress, cancellationToken));

    /// <summary>
    /// Runs a training on a thread of its own (it is CPU-bound and synchronous) and shows its epochs: a
    /// progress bar on a terminal, one plain line per epoch when the output is redirected.
    /// </summary>
    private static async Task<TResult> RunTrainingAsync<TResult>(string title, TrainerOptions options, Action<EpochReport> onEpoch, Func<IProgress<EpochReport>, TResult> train)
    {
        Task<TResult> Start(IProgress<EpochReport> progress) =>
            Task.Factory.StartNew(() => train(progress), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(title);
            return await Start(new SynchronousProgress<EpochReport>(report =>
            {
                Console.WriteLine(Describe(report, options));
                onEpoch(report);
            }));
        }

        TResult result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(title, maxValue: options.Epochs);
                result = await Start(new SynchronousProgress<EpochReport>(report =>
                {
                    bar.Description = Describe(report, options);
                    bar.Value = report.Epoch;
                    onEpoch(report);
                }));
                bar.Value = bar.MaxValue;
            });
        return result;
    }

    private static string Describe(EpochReport report, TrainerOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {report.Epoch}/{options.Epochs} train {report.TrainLoss:F5} val {report.ValidationLoss:F5}{(report.IsBest ? " *" : string.Empty)} {report.WindowsPerSecond:F0} win/s");

    private static int WriteOutputs(TrainingResult result, ScorerTrainingResult? scorer, IReadOnlyList<long> memory, string directory)
    {
        var checkpointPath = Path.Combine(directory, "model.ckpt");
        var metadata = new Dictionary<string, string>
        {
            ["createdUtc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["seed"] = result.Options.Seed.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = result.History.Count.ToString(CultureInfo.InvariantCulture),
            ["bestEpoch"] = result.BestEpoch.ToString(CultureInfo.InvariantCulture),
            ["bestValidationLoss"] = result.BestValidationLoss.ToString("R", CultureInfo.InvariantCulture),
            ["inputLength"] = result.Options.InputLength.ToString(CultureInfo.InvariantCulture),
            ["loss"] = result.Options.Loss.ToString(),
            ["series"] = string.Join(",", result.Split.Series.Select(s => s.Series)),
        };
        if (result.TestMetrics is { } test)
        {
            metadata["testR2"] = test.Model.R2.ToString("R", CultureInfo.InvariantCulture);
            metadata["testSkill"] = test.Skill.ToString("R", CultureInfo.InvariantCulture);
        }

        CheckpointFile.Save(ModelCheckpoints.Capture(result.Model, result.Normalizations, metadata, scorer?.Model), checkpointPath);
        TrainingReport.Save(TrainingReport.Build(result, CheckpointFile.ContentSha256(checkpointPath), memory), Path.Combine(directory, "metrics.json"));
        TrainingPlots.SaveLoss(result, Path.Combine(directory, "loss.png"));
        if (result.Split.Test.Count > 0)
        {
            TrainingPlots.SaveForecast(ForecastTrace.Compute(result), result.Options.Cell.ToString(), Path.Combine(directory, "forecast.png"));
        }

        PrintSummary(result, memory, directory);
        return ExitCodes.Success;
    }

    private static void PrintSummary(TrainingResult result, IReadOnlyList<long> memory, string directory)
    {
        var state = result.Cancelled ? "stopped by Ctrl-C" : result.StoppedEarly ? "stopped early" : "ran all epochs";
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{state}; best epoch {result.BestEpoch} (validation loss {result.BestValidationLoss:F5}); {result.WindowsPerSecond:F0} windows/s; {result.WallTime.TotalSeconds:F1} s");
        if (memory.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"process working set: {memory[0] / BytesPerMebibyte:F1} MiB after epoch 1, {memory.Max() / BytesPerMebibyte:F1} MiB at most, {memory[^1] / BytesPerMebibyte:F1} MiB after epoch {memory.Count}");
        }

        if (result.TestMetrics is { } metrics)
        {
            var table = new Table().AddColumns("test part", "MSE", "MAE", "RMSE", "R²");
            table.AddRow("model", F(metrics.Model.Mse), F(metrics.Model.Mae), F(metrics.Model.Rmse), F(metrics.Model.R2));
            table.AddRow("persistence", F(metrics.Persistence.Mse), F(metrics.Persistence.Mae), F(metrics.Persistence.Rmse), F(metrics.Persistence.R2));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"skill over persistence (1 − MSE ratio): {metrics.Skill:F4}");
        }

        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"wrote {directory}/model.ckpt, metrics.json, loss.png, forecast.png");
    }

    private static string F(double value) => value.ToString("G5", CultureInfo.InvariantCulture);
}
