using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Training.FineTuning;

namespace StreamRnn.Grains.Training;

/// <summary>
/// Runs fine-tuning and evaluation jobs of this silo, one at a time, each on its own dedicated thread: tensor
/// work never runs on a grain's thread, and a long job never holds a thread-pool thread.
/// </summary>
public sealed class FineTuningWorker : IDisposable
{
    private readonly ModelOptions _modelOptions;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public FineTuningWorker(IOptions<ModelOptions> modelOptions)
    {
        ArgumentNullException.ThrowIfNull(modelOptions);
        _modelOptions = modelOptions.Value;
    }

    /// <summary>The device jobs run on (<c>Model:Device</c>, <c>auto</c> = CUDA when present).</summary>
    public string Device => _modelOptions.Device;

    /// <inheritdoc />
    public void Dispose() => _oneAtATime.Dispose();

    /// <summary>Trains the job's candidate and measures both versions on its held-out windows.</summary>
    /// <param name="job">The job.</param>
    /// <param name="epochCompleted">Called on the worker thread after every epoch (for progress logs).</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    public Task<FineTuningResult> TrainAsync(FineTuningJob job, Action<FineTuningEpoch>? epochCompleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return RunAsync(
            () =>
            {
                var parent = ParentCheckpoint(job.ParentCheckpoint);
                var parameters = new FineTuningParameters
                {
                    Epochs = job.Epochs,
                    LearningRate = job.LearningRate,
                    BatchSize = job.BatchSize,
                    GradientClipNorm = job.GradientClipNorm,
                    Seed = job.Seed,
                    Device = _modelOptions.Device,
                };
                var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["group"] = job.Group,
                    ["round"] = job.Round.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["parentVersion"] = job.ParentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                return FineTuner.Run(parent, Samples(job.Train), Samples(job.Validation), parameters, metadata, epochCompleted, cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>The held-out loss of each checkpoint (empty bytes: the seeded version 1).</summary>
    public Task<double[]> EvaluateAsync(IReadOnlyList<byte[]> checkpoints, IReadOnlyList<TrainingWindow> windows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(windows);
        return RunAsync(
            () =>
            {
                var samples = Samples(windows);
                return checkpoints.Select(bytes => FineTuner.EvaluateLoss(ParentCheckpoint(bytes), samples, _modelOptions.Device)).ToArray();
            },
            cancellationToken);
    }

    private static List<FineTuningSample> Samples(IEnumerable<TrainingWindow> windows) =>
        [.. windows.Select(static w => new FineTuningSample(w.Inputs, w.Steps, w.Channels))];

    /// <summary>The stored checkpoint, or the seeded initial model of these Model settings when none is stored.</summary>
    private ModelCheckpoint ParentCheckpoint(byte[] bytes)
    {
        if (bytes.Length > 0)
        {
            return CheckpointFile.Deserialize(bytes, "parent version");
        }

        using var seeded = new RecurrentForecaster(ModelShape.FromOptions(_modelOptions), _modelOptions.Seed);
        return ModelCheckpoints.Capture(seeded, [], new Dictionary<string, string>(StringComparer.Ordinal) { ["source"] = "seeded" });
    }

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
