using Orleans.Storage;
using StreamRnn.Batching;
using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Tests.Faults;

/// <summary>An alert sink that fails once when <see cref="FaultPoint.AlertSink"/> is armed, then publishes to <paramref name="inner"/>.</summary>
public sealed class FaultyAlertSink(IAlertSink inner, FaultPlan faults) : IAlertSink
{
    public ValueTask PublishAsync(SensorAlert alert, CancellationToken cancellationToken)
    {
        faults.ThrowIfArmed(FaultPoint.AlertSink);
        return inner.PublishAsync(alert, cancellationToken);
    }
}

/// <summary>A score sink that fails once when <see cref="FaultPoint.ScoreSink"/> is armed.</summary>
public sealed class FaultyScoreSink(IScoreSink inner, FaultPlan faults) : IScoreSink
{
    public bool Enabled => inner.Enabled;

    public ValueTask PublishAsync(IReadOnlyList<SensorScore> scores, CancellationToken cancellationToken)
    {
        faults.ThrowIfArmed(FaultPoint.ScoreSink);
        return inner.PublishAsync(scores, cancellationToken);
    }
}

/// <summary>The inference batcher, failing one step when <see cref="FaultPoint.Batcher"/> is armed.</summary>
public sealed class FaultyBatcher(InferenceBatcher inner, FaultPlan faults) : IInferenceBatcher
{
    public ModelShape Shape => inner.Shape;

    public int ModelVersion => inner.ModelVersion;

    public long Swaps => inner.Swaps;

    public long FailedSteps => inner.FailedSteps;

    public long NonFiniteRequests => inner.NonFiniteRequests;

    public event EventHandler<ModelFault>? ModelFaulted
    {
        add => inner.ModelFaulted += value;
        remove => inner.ModelFaulted -= value;
    }

    public Task SwapAsync(int version, ModelCheckpoint? checkpoint, CancellationToken cancellationToken = default) =>
        inner.SwapAsync(version, checkpoint, cancellationToken);

    public ValueTask<StepResult> StepAsync(float[] inputs, int steps, float[]? state, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfArmed(FaultPoint.Batcher);
        return inner.StepAsync(inputs, steps, state, cancellationToken);
    }
}

/// <summary>Grain storage whose next write fails when <see cref="FaultPoint.GrainStorage"/> is armed.</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, FaultPlan faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults.ThrowIfArmed(FaultPoint.GrainStorage);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
