using Orleans.Concurrency;
using Orleans.Runtime;
using StreamRnn.Batching;
using StreamRnn.Contracts;
using StreamRnn.Grains.Placement;

namespace StreamRnn.Grains;

/// <summary>
/// The pool on an accelerator silo for sensors on other silos: placed on the silo its key names
/// (<see cref="PoolSiloPlacementAttribute"/>), reentrant, and like <see cref="InferenceGrain"/> it only awaits its silo's
/// <see cref="IInferenceBatcher"/>, so the steps of remote and local sensors share that silo's batches. One placed elsewhere
/// (its silo had left, or was not yet known, when the call came) answers and then leaves, so the next call places it anew.
/// </summary>
[Reentrant]
[PoolSiloPlacement]
public sealed class InferencePoolGrain(IInferenceBatcher batcher, InferencePoolCounters counters, ILocalSiloDetails localSilo) : Grain, IInferencePoolGrain
{
    public async ValueTask<StepReply> StepAsync(StepCall request, CancellationToken cancellationToken = default)
    {
        var reply = await InferenceSteps.RunAsync(batcher, request, cancellationToken);
        counters.Served(request.Steps);
        if (!PoolGrainKey.TryParse(this.GetPrimaryKeyString(), out var silo, out _) || !silo.Equals(localSilo.SiloAddress))
        {
            DeactivateOnIdle();
        }

        return reply;
    }
}
