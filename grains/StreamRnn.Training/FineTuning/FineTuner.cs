using System.Diagnostics;
using System.Globalization;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Models;
using StreamRnn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamRnn.Training.FineTuning;

/// <summary>
/// Online fine-tuning of a forecaster checkpoint on recent live samples, and the checks a promotion gate needs:
/// synchronous on the calling thread (give it a dedicated thread), cancellable between batches, never touching the
/// checkpoint it starts from.
/// </summary>
/// <remarks>
/// <para>
/// Training is truncated BPTT over whole samples: every sample starts from a zero state, as its live series did, and the
/// loss is the mean squared error over every (step, horizon) target (<see cref="FineTuningSample"/>). Each epoch shuffles
/// the samples (seeded), groups them by length so that a batch only holds samples of equal <c>Steps</c>, cuts each group
/// into batches of at most <see cref="FineTuningParameters.BatchSize"/>, and shuffles the batches. It trains in the loop
/// <see cref="Trainer"/> uses (<see cref="TrainingLoop"/>): Adam, global-norm gradient clipping, and
/// <c>torch.manual_seed(Seed)</c> for dropout; it reseeds libtorch's process-wide generator.
/// </para>
/// <para>
/// Losses are in normalised units, over every target of every usable sample, in <c>eval()</c> mode without gradients,
/// accumulated in double precision; <see cref="Run"/> and <see cref="EvaluateLoss"/> batch the same way, so on the CPU
/// <see cref="EvaluateLoss"/> of the current checkpoint equals <see cref="FineTuningResult.BaselineLoss"/> exactly.
/// </para>
/// </remarks>
public static class FineTuner
{
    /// <summary>The candidate metadata key holding <see cref="FineTuningResult.BaselineLoss"/>.</summary>
    public const string BaselineLossKey = "baselineLoss";

    /// <summary>The candidate metadata key holding <see cref="FineTuningResult.CandidateLoss"/>.</summary>
    public const string CandidateLossKey = "candidateLoss";

    /// <summary>The candidate metadata key holding <see cref="FineTuningResult.TrainSamples"/>.</summary>
    public const string TrainSamplesKey = "trainSamples";

    /// <summary>The candidate metadata key holding <see cref="FineTuningResult.ValidationSamples"/>.</summary>
    public const string ValidationSamplesKey = "validationSamples";

    /// <summary>The candidate metadata key holding <see cref="FineTuningResult.EpochsRun"/>.</summary>
    public const string EpochsKey = "epochs";

    private const int DefaultEvaluationBatchSize = 256;

    /// <summary>
    /// Fine-tunes a copy of <paramref name="current"/> on <paramref name="train"/> and judges both weights on
    /// <paramref name="validation"/>. Samples no longer than the horizon are skipped. Non-finite weights after training are
    /// reported (<see cref="FineTuningResult.NonFiniteParameter"/>), not thrown.
    /// </summary>
    /// <param name="current">The checkpoint serving now; never modified.</param>
    /// <param name="train">Samples to train on, with the checkpoint's channel count.</param>
    /// <param name="validation">Held-out samples for <see cref="FineTuningResult.BaselineLoss"/> and <see cref="FineTuningResult.CandidateLoss"/>.</param>
    /// <param name="parameters">The settings.</param>
    /// <param name="metadata">Metadata for the candidate (the loss and sample figures are added).</param>
    /// <param name="cancellationToken">Stops training between batches; the candidate then holds the weights so far, flagged <see cref="FineTuningResult.Cancelled"/>.</param>
    /// <param name="epochCompleted">Called on the training thread after every complete epoch.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">
    /// The settings are out of range, <paramref name="train"/> or <paramref name="validation"/> has no sample longer than the
    /// horizon, or a sample's channel count differs from the checkpoint's.
    /// </exception>
    /// <exception cref="CheckpointException">The checkpoint's architecture is invalid or its weights do not fit it.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for but is not available.</exception>
    public static FineTuningResult Run(
        ModelCheckpoint current,
        IReadOnlyList<FineTuningSample> train,
        IReadOnlyList<FineTuningSample> validation,
        FineTuningParameters parameters,
        IReadOnlyDictionary<string, string> metadata,
        Action<FineTuningEpoch>? epochCompleted = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(metadata);
        parameters.Validate();
        var trainSet = Usable(train, current.Architecture, nameof(train));
        var validationSet = Usable(validation, current.Architecture, nameof(validation));
        var wall = Stopwatch.StartNew();
        var device = TorchDeviceSelector.Resolve(parameters.Device);
        using var model = ModelCheckpoints.Restore(current);
        model.to(device);
        model.FlattenParameters();

        var baselineLoss = Evaluate(model, validationSet, device, DefaultEvaluationBatchSize);
        var (epochsRun, cancelled) = Train(model, trainSet, parameters, device, wall, epochCompleted, cancellationToken);
        var candidateLoss = Evaluate(model, validationSet, device, DefaultEvaluationBatchSize);

        var candidateMetadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal)
        {
            [BaselineLossKey] = baselineLoss.ToString(CultureInfo.InvariantCulture),
            [CandidateLossKey] = candidateLoss.ToString(CultureInfo.InvariantCulture),
            [TrainSamplesKey] = trainSet.Count.ToString(CultureInfo.InvariantCulture),
            [ValidationSamplesKey] = validationSet.Count.ToString(CultureInfo.InvariantCulture),
            [EpochsKey] = epochsRun.ToString(CultureInfo.InvariantCulture),
        };
        var values = model.ExportParameters();
        List<CheckpointParameter> weights = [.. model.ParameterLayout.Select(layout => new CheckpointParameter(layout.Name, layout.Shape, values[layout.Name]))];
        weights.AddRange(current.Parameters.Where(p => p.Name.StartsWith(ModelCheckpoints.ScorerPrefix, StringComparison.Ordinal)));
        var candidate = new ModelCheckpoint(current.Architecture, [.. current.Normalization], candidateMetadata, weights);

        return new FineTuningResult(
            candidate,
            baselineLoss,
            candidateLoss,
            FindNonFiniteParameter(candidate),
            trainSet.Count,
            validationSet.Count,
            epochsRun,
            wall.Elapsed,
            device.ToString(),
            cancelled);
    }

    /// <summary>
    /// The mean squared error (normalised units) of <paramref name="checkpoint"/>'s forecaster over every target of
    /// <paramref name="samples"/>: what <see cref="Run"/> reports as <see cref="FineTuningResult.BaselineLoss"/> for the
    /// current checkpoint. Samples no longer than the horizon are skipped.
    /// </summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="samples">The samples, with the checkpoint's channel count.</param>
    /// <param name="device"><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <returns>The mean squared error.</returns>
    /// <exception cref="ArgumentException">No sample is longer than the horizon, a channel count differs, or the device is not valid.</exception>
    /// <exception cref="CheckpointException">The checkpoint's architecture is invalid or its weights do not fit it.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for but is not available.</exception>
    public static double EvaluateLoss(ModelCheckpoint checkpoint, IReadOnlyList<FineTuningSample> samples, string device = "auto", int batchSize = DefaultEvaluationBatchSize)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var usable = Usable(samples, checkpoint.Architecture, nameof(samples));
        var resolved = TorchDeviceSelector.Resolve(device);
        using var model = ModelCheckpoints.Restore(checkpoint);
        model.to(resolved);
        model.FlattenParameters();
        return Evaluate(model, usable, resolved, batchSize);
    }

    /// <summary>
    /// The name of the first parameter (in checkpoint order, scorer weights included) holding a NaN or an infinity, or
    /// <see langword="null"/> when every weight is finite. A plain array scan: no tensors, safe in a grain turn.
    /// </summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The parameter's name, or <see langword="null"/>.</returns>
    public static string? FindNonFiniteParameter(ModelCheckpoint checkpoint) => CheckpointChecks.FindNonFiniteParameter(checkpoint);

    /// <summary>
    /// Trains <paramref name="model"/> in <see cref="TrainingLoop"/>: Adam at the settings' learning rate, the mean squared
    /// error, global-norm clipping, no validation (the model keeps the weights it trained to).
    /// </summary>
    private static (int EpochsRun, bool Cancelled) Train(
        RecurrentForecaster model,
        List<FineTuningSample> samples,
        FineTuningParameters settings,
        Device device,
        Stopwatch wall,
        Action<FineTuningEpoch>? epochCompleted,
        CancellationToken cancellationToken)
    {
        var loop = new LoopSettings(
            settings.Seed,
            settings.Epochs,
            settings.LearningRate,
            settings.GradientClipNorm,
            parameters => optim.Adam(parameters, settings.LearningRate),
            (predicted, target) => nn.functional.mse_loss(predicted, target));
        var outcome = TrainingLoop.Run(
            model,
            new SampleBatches(samples, settings.BatchSize, model.Shape.Horizon),
            loop,
            device,
            (inputs, targets) => (model.Forecast(inputs, null).Forecasts, targets),
            validation: null,
            epochCompleted is null ? null : epoch => epochCompleted(new FineTuningEpoch(epoch.Report.Epoch, settings.Epochs, epoch.MeanBatchLoss, wall.Elapsed)),
            cancellationToken);
        return (outcome.History.Count, outcome.Cancelled);
    }

    private static double Evaluate(RecurrentForecaster model, List<FineTuningSample> samples, Device device, int batchSize)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        double sum = 0;
        long count = 0;
        foreach (var batch in SampleBatches.Group(samples, batchSize))
        {
            using var scope = NewDisposeScope();
            var (inputs, targets) = SampleBatches.ToTensors(batch, model.Shape.Horizon, device);
            var forecasts = model.Forecast(inputs, null).Forecasts;
            sum += (forecasts.to(ScalarType.Float64) - targets.to(ScalarType.Float64)).square().sum().item<double>();
            count += targets.numel();
        }

        return sum / count;
    }

    /// <summary>The samples longer than the horizon; throws when there are none or a channel count is wrong.</summary>
    private static List<FineTuningSample> Usable(IReadOnlyList<FineTuningSample> samples, ModelShape shape, string name)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException($"The {name} set is empty; fine-tuning needs training samples and held-out validation samples.", name);
        }

        var usable = new List<FineTuningSample>(samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i] ?? throw new ArgumentException($"The {name} set holds a null sample at index {i}.", name);
            if (sample.Channels != shape.Channels)
            {
                throw new ArgumentException(
                    $"The {name} sample at index {i} has {sample.Channels} channels but the model takes {shape.Channels}.", name);
            }

            if (sample.Steps > shape.Horizon)
            {
                usable.Add(sample);
            }
        }

        if (usable.Count == 0)
        {
            throw new ArgumentException(
                $"None of the {samples.Count} {name} samples has more steps than the horizon ({shape.Horizon}), so none gives a training pair.", name);
        }

        return usable;
    }
}
