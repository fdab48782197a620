using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using StreamRnn.Contracts;
using StreamRnn.Grains.Placement;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Training;

/// <summary>
/// Runs one fine-tuning job on the silo it was placed on: a silo that advertises an accelerator when there is
/// one (<see cref="PreferAcceleratorSiloAttribute"/>), any silo otherwise. The grain turn only awaits the
/// silo's <see cref="FineTuningWorker"/>; the tensor work runs on the worker's own thread.
/// </summary>
[PreferAcceleratorSilo]
public sealed partial class TrainerGrain(FineTuningWorker worker, ILocalSiloDetails silo, ILogger<TrainerGrain> logger) : Grain, ITrainerGrain
{
    public async Task<FineTuningJobResult> TrainAsync(FineTuningJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var siloName = silo.SiloAddress.ToString();
        LogStarted(job.Group, job.Round, job.ParentVersion, job.Train.Length, job.Validation.Length, worker.Device, siloName);
        var started = Stopwatch.GetTimestamp();
        // Runs on the worker's thread: it only logs (thread-safe), never touches grain state.
        var result = await worker.TrainAsync(job, epoch => LogEpoch(job.Group, job.Round, epoch.Epoch, epoch.Epochs, epoch.TrainingLoss, epoch.Elapsed.TotalSeconds), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        LogFinished(job.Group, job.Round, elapsed.TotalSeconds, result.BaselineLoss, result.CandidateLoss, result.Device);
        DeactivateOnIdle();
        return new FineTuningJobResult(
            CheckpointFile.Serialize(result.Candidate),
            result.BaselineLoss,
            result.CandidateLoss,
            result.NonFiniteParameter,
            elapsed,
            result.Device,
            siloName,
            result.TrainSamples,
            result.ValidationSamples);
    }

    public async Task<double[]> EvaluateAsync(byte[][] checkpoints, ImmutableArray<TrainingWindow> windows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var losses = await worker.EvaluateAsync(checkpoints, windows, cancellationToken);
        DeactivateOnIdle();
        return losses;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: fine-tuning round {Round} started from v{Parent} with {Train} training and {Validation} held-out windows on {Device} at silo {Silo}")]
    private partial void LogStarted(string group, int round, int parent, int train, int validation, string device, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: fine-tuning round {Round} epoch {Epoch}/{Epochs}: training loss {Loss:G5}, {Seconds:F2} s so far")]
    private partial void LogEpoch(string group, int round, int epoch, int epochs, double loss, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: fine-tuning round {Round} trained in {Seconds:F2} s: held-out loss {Baseline:G5} (active) vs {Candidate:G5} (candidate) on {Device}")]
    private partial void LogFinished(string group, int round, double seconds, double baseline, double candidate, string device);
}
