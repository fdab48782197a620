using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamRnn.Training;

/// <summary>
/// The one training loop, shared by <see cref="Trainer"/>, <see cref="ScorerTrainer"/> and
/// <see cref="FineTuning.FineTuner"/>: seeded shuffling of batches, loss, backward, global-norm clipping, optimiser step;
/// with validation, the loss after every epoch, reduce-on-plateau learning rate, early stopping and the best epoch's
/// weights restored at the end (also when cancelled). Runs synchronously on the calling thread.
/// </summary>
internal static class TrainingLoop
{
    private const double PlateauThreshold = 1e-4;

    /// <summary>Runs the loop.</summary>
    /// <param name="model">The model; left in <c>eval()</c> mode.</param>
    /// <param name="batches">The training batches.</param>
    /// <param name="settings">Seed, epochs, optimiser, loss, clipping and schedule.</param>
    /// <param name="device">Where the model and the batches are.</param>
    /// <param name="forward">Maps a batch (inputs, targets) to (prediction, target) for the loss.</param>
    /// <param name="validation">
    /// Judges every epoch and keeps the best one's weights; <see langword="null"/> for none: the model then keeps the
    /// weights it trained to (a cancelled epoch's batches included), and the schedule must be off.
    /// </param>
    /// <param name="epochCompleted">Called on this thread after every complete epoch.</param>
    /// <param name="cancellationToken">Stops between batches; a partial epoch is not reported.</param>
    /// <returns>What the loop did.</returns>
    public static LoopOutcome Run(
        nn.Module model,
        ITrainingBatches batches,
        LoopSettings settings,
        Device device,
        Func<Tensor, Tensor, (Tensor Predicted, Tensor Target)> forward,
        LoopValidation? validation,
        Action<CompletedEpoch>? epochCompleted,
        CancellationToken cancellationToken)
    {
        if (validation is null && (settings.PlateauPatience > 0 || settings.EarlyStoppingPatience > 0))
        {
            throw new ArgumentException("A plateau schedule or early stopping needs validation.", nameof(settings));
        }

        var wall = Stopwatch.StartNew();

        // Dropout draws from the global generator; the weights come from the model's own seeded generator.
        using var globalGenerator = torch.manual_seed(settings.Seed);
        if (device.type == DeviceType.CUDA)
        {
            torch.cuda.manual_seed_all(settings.Seed);
        }

        var shuffle = new Random(unchecked((int)(settings.Seed ^ (settings.Seed >> 32))));
        List<Parameter> parameters = [.. model.parameters()];
        using var optimizer = settings.CreateOptimizer(parameters);
        var learningRate = settings.LearningRate;
        var best = validation?.ExportParameters();
        var bestEpoch = 0;
        var bestLoss = double.PositiveInfinity;
        var plateauBest = double.PositiveInfinity;
        var plateauEpochs = 0;
        var stoppedEarly = false;
        var cancelled = false;
        var history = new List<EpochReport>();
        var trainedRows = 0L;
        var trainingTicks = 0L;

        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            var batchCount = batches.Shuffle(shuffle);
            model.train();
            var epochStart = Stopwatch.GetTimestamp();
            double rowLossSum = 0, batchLossSum = 0, normSum = 0, normMax = 0;
            var steps = 0;
            var epochRows = 0;
            for (var batch = 0; batch < batchCount; batch++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }

                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var (inputs, targets, rows) = batches.Get(batch, device);
                var (predicted, target) = forward(inputs, targets);
                var loss = settings.Loss(predicted, target);
                loss.backward();
                var norm = settings.GradientClipNorm > 0
                    ? GradientClipping.ClipGlobalNorm(parameters, settings.GradientClipNorm)
                    : GradientClipping.GlobalNorm(parameters);
                optimizer.step();
                var batchLoss = loss.item<float>();
                rowLossSum += batchLoss * rows;
                batchLossSum += batchLoss;
                normSum += norm;
                normMax = Math.Max(normMax, norm);
                steps++;
                epochRows += rows;
            }

            var epochTicks = Stopwatch.GetTimestamp() - epochStart;
            trainingTicks += epochTicks;
            trainedRows += epochRows;
            if (cancelled)
            {
                // The partial epoch is dropped: no validation, no report; the best complete epoch is restored below.
                break;
            }

            var validationLoss = double.NaN;
            var isBest = false;
            if (validation is not null)
            {
                validationLoss = validation.Evaluate();
                isBest = validationLoss < bestLoss;
                if (isBest)
                {
                    bestLoss = validationLoss;
                    bestEpoch = epoch;
                    best = validation.ExportParameters();
                }
            }

            var report = new EpochReport(
                epoch,
                rowLossSum / epochRows,
                validationLoss,
                learningRate,
                normSum / steps,
                normMax,
                epochRows / Stopwatch.GetElapsedTime(0, epochTicks).TotalSeconds,
                wall.Elapsed,
                isBest);
            history.Add(report);
            epochCompleted?.Invoke(new CompletedEpoch(report, batchLossSum / Math.Max(1, batchCount)));

            if (settings.PlateauPatience > 0)
            {
                if (validationLoss < plateauBest * (1 - PlateauThreshold))
                {
                    plateauBest = validationLoss;
                    plateauEpochs = 0;
                }
                else if (++plateauEpochs >= settings.PlateauPatience)
                {
                    learningRate = Math.Max(learningRate * settings.PlateauFactor, settings.MinLearningRate);
                    foreach (var group in optimizer.ParamGroups)
                    {
                        group.LearningRate = learningRate;
                    }

                    plateauEpochs = 0;
                }
            }

            if (settings.EarlyStoppingPatience > 0 && epoch - bestEpoch >= settings.EarlyStoppingPatience)
            {
                stoppedEarly = epoch < settings.Epochs;
                break;
            }
        }

        if (validation is not null)
        {
            validation.LoadParameters(best!);
        }

        model.eval();
        var trainingSeconds = Stopwatch.GetElapsedTime(0, trainingTicks).TotalSeconds;
        return new LoopOutcome(
            history,
            bestEpoch,
            bestEpoch == 0 ? double.NaN : bestLoss,
            stoppedEarly,
            cancelled,
            trainingSeconds > 0 ? trainedRows / trainingSeconds : 0,
            wall.Elapsed);
    }

    /// <summary>Offline training (<see cref="Trainer"/>, <see cref="ScorerTrainer"/>): the train windows, validated on the validation windows.</summary>
    public static LoopOutcome RunOffline(
        nn.Module model,
        Func<Dictionary<string, float[]>> exportParameters,
        Action<IReadOnlyDictionary<string, float[]>> loadParameters,
        DataSplit split,
        TrainerOptions options,
        Device device,
        Func<Tensor, Tensor, (Tensor Predicted, Tensor Target)> forward,
        IProgress<EpochReport>? progress,
        CancellationToken cancellationToken)
    {
        var validation = new LoopValidation(
            () => EvaluateLoss(split.Validation, options, device, model, forward),
            exportParameters,
            loadParameters);
        return Run(
            model,
            new WindowBatches(split.Train, options.BatchSize),
            LoopSettings.FromOptions(options),
            device,
            forward,
            validation,
            progress is null ? null : epoch => progress.Report(epoch.Report),
            cancellationToken);
    }

    /// <summary>Mean loss over every target of <paramref name="windows"/>, in <c>eval()</c> mode without gradients.</summary>
    public static double EvaluateLoss(
        WindowedDataset windows,
        TrainerOptions options,
        Device device,
        nn.Module model,
        Func<Tensor, Tensor, (Tensor Predicted, Tensor Target)> forward)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        var order = Enumerable.Range(0, windows.Count).ToArray();
        double sum = 0;
        long count = 0;
        for (var offset = 0; offset < order.Length; offset += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var indices = order.AsSpan(offset, Math.Min(options.BatchSize, order.Length - offset));
            var (inputs, targets) = windows.GetBatch(indices, device);
            var (predicted, target) = forward(inputs, targets);
            sum += Loss(predicted, target, options, nn.Reduction.Sum).to(ScalarType.Float64).item<double>();
            count += target.numel();
        }

        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>The loss <paramref name="options"/> names, with <paramref name="reduction"/>.</summary>
    internal static Tensor Loss(Tensor predicted, Tensor target, TrainerOptions options, nn.Reduction reduction)
    {
        return options.Loss switch
        {
            LossKind.Mae => nn.functional.l1_loss(predicted, target, reduction),
            LossKind.Huber => nn.functional.huber_loss(predicted, target, options.HuberDelta, reduction),
            _ => nn.functional.mse_loss(predicted, target, reduction),
        };
    }
}
