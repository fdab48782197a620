using StreamRnn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamRnn.Training;

/// <summary>
/// Offline training of a <see cref="BidirectionalScorer"/>: the same split, normalisation, optimiser, schedule, clipping,
/// early stopping and determinism as <see cref="Trainer"/>, on windows of <see cref="TrainerOptions.InputLength"/> steps
/// with no horizon; the loss compares the estimate at every step with channel 0 at that step.
/// </summary>
public static class ScorerTrainer
{
    /// <summary>Trains a scorer on <paramref name="data"/>.</summary>
    /// <param name="data">The series.</param>
    /// <param name="options">The settings (<see cref="TrainerOptions.Horizon"/> is ignored).</param>
    /// <param name="progress">Called synchronously after every completed epoch.</param>
    /// <param name="cancellationToken">Stops training between batches, keeping the best complete epoch.</param>
    /// <returns>The result; the caller disposes it.</returns>
    public static ScorerTrainingResult Train(SeriesData data, TrainerOptions options, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var split = DataSplit.Create(data, options.InputLength, 0, options.TrainFraction, options.ValidationFraction, options.WindowStride);
        var device = TorchDeviceSelector.Resolve(options.Device);
        var model = new BidirectionalScorer(options.ToModelShape(data.Channels), options.Seed);
        try
        {
            model.to(device);
            var outcome = TrainingLoop.RunOffline(
                model,
                model.ExportParameters,
                model.LoadParameters,
                split,
                options,
                device,
                (inputs, _) => (model.Reconstruct(inputs), inputs.select(2, 0)),
                progress,
                cancellationToken);
            var testMetrics = split.Test.Count > 0 ? EvaluateReconstruction(model, split.Test, options.BatchSize) : null;
            return new ScorerTrainingResult(model, options, split, outcome, testMetrics);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Mean squared reconstruction error of channel 0 over every step of every window, in original units, with the
    /// training-mean and linear-interpolation baselines.
    /// </summary>
    /// <param name="model">The scorer (left in <c>eval()</c> mode).</param>
    /// <param name="windows">At least one window.</param>
    /// <param name="batchSize">Windows per forward pass.</param>
    /// <returns>The metrics.</returns>
    public static ReconstructionMetrics EvaluateReconstruction(BidirectionalScorer model, WindowedDataset windows, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (windows.Count == 0)
        {
            throw new ArgumentException("Expected at least one window.", nameof(windows));
        }

        var steps = windows.InputLength;
        var device = Trainer.ModelDevice(model);
        double modelSum = 0, meanSum = 0, interpolationSum = 0;
        long count = 0;
        model.eval();
        using var noGrad = torch.no_grad();
        var order = Enumerable.Range(0, windows.Count).ToArray();
        for (var offset = 0; offset < order.Length; offset += batchSize)
        {
            using var scope = NewDisposeScope();
            var indices = order.AsSpan(offset, Math.Min(batchSize, order.Length - offset));
            var (inputs, _) = windows.GetBatch(indices, device);
            var estimates = model.Reconstruct(inputs).cpu().data<float>().ToArray();
            for (var row = 0; row < indices.Length; row++)
            {
                var window = windows.Windows[indices[row]];
                var source = windows.Source(window.SeriesIndex);
                for (var t = 0; t < steps; t++)
                {
                    var at = window.Start + t;
                    double actual = source.Raw[at, 0];
                    var interpolated = t == 0 ? source.Raw[at + 1, 0]
                        : t == steps - 1 ? source.Raw[at - 1, 0]
                        : (source.Raw[at - 1, 0] + (double)source.Raw[at + 1, 0]) / 2;
                    modelSum += Square(source.Normalization.Denormalize(0, estimates[(row * steps) + t]) - actual);
                    meanSum += Square(source.Normalization.Means[0] - actual);
                    interpolationSum += Square(interpolated - actual);
                    count++;
                }
            }
        }

        return new ReconstructionMetrics(count, modelSum / count, meanSum / count, interpolationSum / count);
    }

    private static double Square(double value)
    {
        return value * value;
    }
}
