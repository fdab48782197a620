using StreamRnn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamRnn.Training;

/// <summary>
/// Offline training of a <see cref="RecurrentForecaster"/>: deterministic (seeded) on the CPU, synchronous on the
/// calling thread (run it on a dedicated thread), cancellable between batches.
/// </summary>
/// <remarks>
/// <para>
/// Data: each series is split chronologically (<see cref="DataSplit"/>) and z-normalised with its training part's
/// statistics. Truncated BPTT over windows: every window of <see cref="TrainerOptions.InputLength"/> steps starts from a
/// zero state, and the loss covers the forecast after every step of the window (inputs <c>[B, T, C]</c>, targets
/// <c>[B, T, Horizon]</c>: channel 0 at t+1 … t+Horizon), so the model also learns to forecast from short contexts,
/// as a freshly started live series must.
/// </para>
/// <para>
/// Test metrics (<see cref="EvaluateForecasts"/>) use the forecast after the last step of each test window (a full
/// <c>InputLength</c> of context), at every origin of the test part, against persistence, in original units.
/// </para>
/// </remarks>
public static class Trainer
{
    /// <summary>Trains a forecaster on <paramref name="data"/>.</summary>
    /// <param name="data">The series.</param>
    /// <param name="options">The settings.</param>
    /// <param name="progress">Called synchronously, on the training thread, after every completed epoch.</param>
    /// <param name="cancellationToken">Stops training between batches; the result then holds the best complete epoch, flagged <see cref="TrainingResult.Cancelled"/>.</param>
    /// <returns>The result; the caller disposes it (and with it the model).</returns>
    /// <exception cref="ArgumentException">The options are out of range or the data yields no training or validation window.</exception>
    public static TrainingResult Train(SeriesData data, TrainerOptions options, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var split = DataSplit.Create(data, options.InputLength, options.Horizon, options.TrainFraction, options.ValidationFraction, options.WindowStride);
        var device = TorchDeviceSelector.Resolve(options.Device);
        var model = new RecurrentForecaster(options.ToModelShape(data.Channels), options.Seed);
        try
        {
            model.to(device);
            model.FlattenParameters();
            var outcome = TrainingLoop.RunOffline(
                model,
                model.ExportParameters,
                model.LoadParameters,
                split,
                options,
                device,
                (inputs, targets) => (model.Forecast(inputs, null).Forecasts, targets),
                progress,
                cancellationToken);
            var testMetrics = split.Test.Count > 0 ? EvaluateForecasts(model, split.Test, options.BatchSize) : null;
            return new TrainingResult(model, options, split, outcome, testMetrics);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The loss (<see cref="TrainerOptions.Loss"/>, normalised units) averaged over every target of every window, in
    /// <c>eval()</c> mode: what <see cref="EpochReport.ValidationLoss"/> reports for the validation windows.
    /// </summary>
    /// <param name="model">The model (left in <c>eval()</c> mode).</param>
    /// <param name="windows">The windows.</param>
    /// <param name="options">The loss settings and batch size.</param>
    /// <returns>The mean loss.</returns>
    public static double EvaluateLoss(RecurrentForecaster model, WindowedDataset windows, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(options);
        var device = ModelDevice(model);
        return TrainingLoop.EvaluateLoss(windows, options, device, model, (inputs, targets) => (model.Forecast(inputs, null).Forecasts, targets));
    }

    /// <summary>
    /// Forecast metrics in original units: for each window, the forecast after its last step against the next
    /// <c>Horizon</c> values of channel 0, and persistence (channel 0 at that last step) as the baseline.
    /// </summary>
    /// <param name="model">The model (left in <c>eval()</c> mode).</param>
    /// <param name="windows">Windows with a horizon equal to the model's.</param>
    /// <param name="batchSize">Windows per forward pass.</param>
    /// <returns>The metrics over every window.</returns>
    public static ForecastMetrics EvaluateForecasts(RecurrentForecaster model, WindowedDataset windows, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (windows.Count == 0 || windows.Horizon != model.Shape.Horizon)
        {
            throw new ArgumentException($"Expected at least one window with horizon {model.Shape.Horizon}; got {windows.Count} with horizon {windows.Horizon}.", nameof(windows));
        }

        var horizon = windows.Horizon;
        var last = windows.InputLength - 1;
        var predicted = new double[windows.Count, horizon];
        var actual = new double[windows.Count, horizon];
        var lastObserved = new double[windows.Count];
        var device = ModelDevice(model);
        model.eval();
        using var noGrad = torch.no_grad();
        var order = Enumerable.Range(0, windows.Count).ToArray();
        for (var offset = 0; offset < order.Length; offset += batchSize)
        {
            using var scope = NewDisposeScope();
            var indices = order.AsSpan(offset, Math.Min(batchSize, order.Length - offset));
            var (inputs, _) = windows.GetBatch(indices, device);
            var forecasts = model.Forecast(inputs, null).Forecasts.select(1, last).cpu().data<float>().ToArray();
            for (var row = 0; row < indices.Length; row++)
            {
                var i = indices[row];
                var window = windows.Windows[i];
                var source = windows.Source(window.SeriesIndex);
                var origin = window.Start + last;
                lastObserved[i] = source.Raw[origin, 0];
                for (var h = 0; h < horizon; h++)
                {
                    predicted[i, h] = source.Normalization.Denormalize(0, forecasts[(row * horizon) + h]);
                    actual[i, h] = source.Raw[origin + 1 + h, 0];
                }
            }
        }

        return ForecastMetrics.Compute(predicted, actual, lastObserved);
    }

    internal static Device ModelDevice(nn.Module model)
    {
        var first = model.parameters().FirstOrDefault();
        return first?.device ?? new Device(DeviceType.CPU);
    }
}
