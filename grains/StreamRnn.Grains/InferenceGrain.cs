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
        StepResult result;
        try
        {
            result = await batcher.StepAsync(request.Inputs, request.Steps, request.State, cancellationToken);
        }
        catch (NonFiniteOutputException exception)
        {
            // The batcher's own type stays on the silo; callers get the contract's (serialisable) one.
            throw new NonFiniteForecastException(exception.Message);
        }

        return new StepReply(result.State, result.Forecasts, result.ModelVersion);
    }
}
