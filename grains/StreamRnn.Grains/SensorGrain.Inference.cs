using Microsoft.Extensions.Logging;
using StreamRnn.Batching;
using StreamRnn.Contracts;
using StreamRnn.Grains.Placement;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// A batch's model step (<see cref="StepAsync"/>: normalised, then run, the pipeline left unchanged). Where the sensor's steps run: on a pool grain of an accelerator silo when the cluster has a live one (and this silo is
/// not one), else on this silo's batcher (<see cref="InferencePoolRouter"/>). The hidden state travels in the call and
/// stays in the sensor, so a remote call that fails (the accelerator silo died or is leaving) is run once more here with
/// nothing lost; the reply names the model version that computed it, which the caller checks as it does locally.
/// </summary>
public sealed partial class SensorGrain
{
    private uint? _poolHash;

    /// <summary>
    /// Normalises the fresh readings and runs them through the inference pool (re-warming after a model switch), leaving
    /// the pipeline unchanged: returns the inputs, the reply, the re-warm steps ahead of the batch's and whether the model
    /// switched.
    /// </summary>
    private async Task<(PipelineInputs Inputs, StepReply Reply, int WarmSteps, bool Switched)> StepAsync(
        SensorPipeline pipeline, List<SensorReading> fresh, CancellationToken cancellationToken)
    {
        var state = _state.State;
        PipelineInputs inputs;
        try
        {
            inputs = pipeline.Normalize(PipelineReadings(fresh));
        }
        catch (Exception exception) when (exception is ArgumentException or ArithmeticException)
        {
            throw new ProcessingFailedException(exception);
        }

        StepReply? reply;
        try
        {
            reply = await InferAsync(new StepCall(inputs.Values, inputs.Steps, state.HiddenState.Length == 0 ? null : state.HiddenState), cancellationToken);
        }
        catch (NonFiniteForecastException) when (state.HiddenState.Length > 0)
        {
            // The stored state may be what overflows (one computed by a version since rolled back): re-warm as after a switch.
            reply = null;
        }
        catch (NonFiniteForecastException exception)
        {
            throw new ProcessingFailedException(exception);
        }

        var warmSteps = 0;
        var switched = state.HiddenState.Length > 0 && (reply is null || reply.ModelVersion != state.ModelVersion);
        if (switched)
        {
            // The pool switched weights: re-warm from a zero state over the recent window, then run the new readings, in one call.
            (var rewarm, warmSteps) = pipeline.RewarmInputs(inputs);
            try
            {
                reply = await InferAsync(new StepCall(rewarm, warmSteps + inputs.Steps, null), cancellationToken);
            }
            catch (NonFiniteForecastException exception)
            {
                // No version has a finite forecast for these readings even from a fresh state.
                throw new ProcessingFailedException(exception);
            }
        }

        // Not null: a failed first call always re-warms.
        return (inputs, reply!, warmSteps, switched);
    }

    private ValueTask<StepReply> InferAsync(StepCall call, CancellationToken cancellationToken)
    {
        // A silo set up without the pool (no AddAcceleratorPlacement) batches locally.
        if (_services.PoolRouter?.PoolKeyFor(_poolHash ??= InferencePoolRouter.Hash(SensorId)) is { } poolKey)
        {
            return InferRemotelyAsync(poolKey, call, cancellationToken);
        }

        // The common path: no state machine of its own, the batcher's answer goes straight to the caller.
        return InferLocally(call, cancellationToken);
    }

    private async ValueTask<StepReply> InferRemotelyAsync(string poolKey, StepCall call, CancellationToken cancellationToken)
    {
        var counters = _services.PoolCounters!;
        try
        {
            var reply = await GrainFactory.GetGrain<IInferencePoolGrain>(poolKey).StepAsync(call, cancellationToken);
            counters.Sent(call.Steps);
            return reply;
        }
        catch (Exception exception) when (exception is not NonFiniteForecastException && !cancellationToken.IsCancellationRequested)
        {
            // Not the model's answer but the call: run it here, once.
            _services.PoolRouter!.ReportFailure(poolKey, exception);
            counters.Retried();
            LogPoolRetried(exception, SensorId, poolKey);
        }

        return await InferLocally(call, cancellationToken);
    }

    /// <summary>On this silo's batcher, awaited from the turn (the batcher's thread does the tensor work).</summary>
    private ValueTask<StepReply> InferLocally(StepCall call, CancellationToken cancellationToken)
    {
        return InferenceSteps.RunAsync(_services.LocalBatcher, call, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sensor {SensorId}: the step call to pool grain {PoolKey} failed; run on this silo instead")]
    private partial void LogPoolRetried(Exception exception, string sensorId, string poolKey);

    /// <summary>The readings as the pipeline takes them, in one array of their count.</summary>
    private static SensorPipelineReading[] PipelineReadings(List<SensorReading> fresh)
    {
        var readings = new SensorPipelineReading[fresh.Count];
        for (var i = 0; i < readings.Length; i++)
        {
            var reading = fresh[i];
            readings[i] = new SensorPipelineReading(reading.Timestamp, reading.Values, reading.Partition, reading.Offset);
        }

        return readings;
    }
}
