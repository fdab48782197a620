using Orleans.Concurrency;
using StreamRnn.Contracts;
using StreamRnn.Batching;

namespace StreamRnn.Grains;

/// <summary>
/// A facade of the inference pool: a local, reentrant stateless worker that hands steps to the silo's
/// <see cref="IInferenceBatcher"/>. No tensor work happens in its turns; they only await the batcher.
/// Sensors call it when no other silo advertises an accelerator (see <see cref="InferencePoolGrain"/>).
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class InferenceGrain(IInferenceBatcher batcher) : Grain, IInferenceGrain
{
    public ValueTask<StepReply> StepAsync(StepCall request, CancellationToken cancellationToken = default) =>
        InferenceSteps.RunAsync(batcher, request, cancellationToken);
}
