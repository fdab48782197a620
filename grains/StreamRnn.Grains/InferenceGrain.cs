using Orleans.Concurrency;
using StreamRnn.Contracts;
using StreamRnn.Batching;

namespace StreamRnn.Grains;

/// <summary>
/// A facade of the inference pool: a local, reentrant stateless worker that hands steps to the silo's
/// <see cref="IInferenceBatcher"/>. No tensor work happens in its turns; they only await the batcher.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class InferenceGrain(IInferenceBatcher batcher) : Grain, IInferenceGrain
{
    public async ValueTask<StepReply> StepAsync(StepCall request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await batcher.StepAsync(request.Inputs, request.Steps, request.State, cancellationToken);
        return new StepReply(result.State, result.Forecasts, result.ModelVersion);
    }
}
