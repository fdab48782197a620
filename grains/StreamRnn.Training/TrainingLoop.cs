using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamRnn.Training;

/// <summary>
/// The epoch loop shared by <see cref="Trainer"/> and <see cref="ScorerTrainer"/>: shuffled mini-batches, loss, backward,
/// global-norm clipping, optimiser step; validation after every epoch; reduce-on-plateau learning rate; early stopping;
/// the best epoch's weights restored at the end (also when cancelled). Runs synchronously on the calling thread.
/// </summary>
internal static class TrainingLoop
{
    private const double PlateauThreshold = 1e-4;

    /// <summary>Runs the loop. <paramref name="forward"/> maps a batch (inputs, targets) to (prediction, target) for the loss.</summary>
    public static LoopOutcome Run(
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
        var wall = Stopwatch.StartNew();

        // Dropout draws from the global generator; the weights come from the model's own seeded generator.
        using var globalGenerator = torch.manual_seed(options.Seed);
        if (device.type == DeviceType.CUDA)
        {
            torch.cuda.manual_seed_all(options.Seed);
        }

        var shuffle = new Random(unchecked((int)(options.Seed ^ (options.Seed >> 32))));
        List<Parameter> parameters = [.. model.parameters()];
        using var optimizer = CreateOptimizer(parameters, options);
        var learningRate = options.LearningRate;
        var best = exportParameters();
        var bestEpoch = 0;
        var bestLoss = double.PositiveInfinity;
        var plateauBest = double.PositiveInfinity;
        var plateauEpochs = 0;
        var stoppedEarly = false;
        var cancelled = false;
        var history = new List<EpochReport>();
        var trainedWindows = 0L;
        var trainingTicks = 0L;
        var order = Enumerable.Range(0, split.Train.Count).ToArray();

        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            shuffle.Shuffle(order);
            model.train();
            var epochStart = Stopwatch.GetTimestamp();
            double lossSum = 0, normSum = 0, normMax = 0;
            var steps = 0;
            var epochWindows = 0;
            for (var offset = 0; offset < order.Length; offset += options.BatchSize)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }

                var indices = order.AsSpan(offset, Math.Min(options.BatchSize, order.Length - offset));
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var (inputs, targets) = split.Train.GetBatch(indices, device);
                var (predicted, target) = forward(inputs, targets);
                var loss = Loss(predicted, target, options, nn.Reduction.Mean);
                loss.backward();
                var norm = options.GradientClipNorm > 0
                    ? GradientClipping.ClipGlobalNorm(parameters, options.GradientClipNorm)
                    : GradientClipping.GlobalNorm(parameters);
                optimizer.step();
                lossSum += loss.item<float>() * indices.Length;
                normSum += norm;
                normMax = Math.Max(normMax, norm);
                steps++;
                epochWindows += indices.Length;
            }

            var epochTicks = Stopwatch.GetTimestamp() - epochStart;
            trainingTicks += epochTicks;
            trainedWindows += epochWindows;
            if (cancelled)
            {
                // The partial epoch is dropped: no validation, no report; the best complete epoch is restored below.
                break;
            }

            var validationLoss = EvaluateLoss(split.Validation, options, device, model, forward);
            var isBest = validationLoss < bestLoss;
            if (isBest)
            {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                best = exportParameters();
            }

            var report = new EpochReport(
                epoch,
                lossSum / epochWindows,
                validationLoss,
                learningRate,
                normSum / steps,
                normMax,
                epochWindows / Stopwatch.GetElapsedTime(0, epochTicks).TotalSeconds,
                wall.Elapsed,
                isBest);
            history.Add(report);
            progress?.Report(report);

            if (options.PlateauPatience > 0)
            {
                if (validationLoss < plateauBest * (1 - PlateauThreshold))
                {
                    plateauBest = validationLoss;
                    plateauEpochs = 0;
                }
                else if (++plateauEpochs >= options.PlateauPatience)
                {
                    learningRate = Math.Max(learningRate * options.PlateauFactor, options.MinLearningRate);
                    foreach (var group in optimizer.ParamGroups)
                    {
                        group.LearningRate = learningRate;
                    }

                    plateauEpochs = 0;
                }
            }

            if (options.EarlyStoppingPatience > 0 && epoch - bestEpoch >= options.EarlyStoppingPatience)
            {
                stoppedEarly = epoch < options.Epochs;
                break;
            }
        }

        loadParameters(best);
        model.eval();
        var trainingSeconds = Stopwatch.GetElapsedTime(0, trainingTicks).TotalSeconds;
        return new LoopOutcome(
            history,
            bestEpoch,
            bestEpoch == 0 ? double.NaN : bestLoss,
            stoppedEarly,
            cancelled,
            trainingSeconds > 0 ? trainedWindows / trainingSeconds : 0,
            wall.Elapsed);
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

    private static Tensor Loss(Tensor predicted, Tensor target, TrainerOptions options, nn.Reduction reduction)
    {
        return options.Loss switch
        {
            LossKind.Mae => nn.functional.l1_loss(predicted, target, reduction),
            LossKind.Huber => nn.functional.huber_loss(predicted, target, options.HuberDelta, reduction),
            _ => nn.functional.mse_loss(predicted, target, reduction),
        };
    }

    private static optim.Optimizer CreateOptimizer(List<Parameter> parameters, TrainerOptions options)
    {
        return options.Optimizer == OptimizerKind.Sgd
            ? optim.SGD(parameters, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay)
            : optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay);
    }
}
