using StreamRnn.Batching;
using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>What both pool grains do in a turn: await the silo's batcher and answer with the contract's types.</summary>
internal static class InferenceSteps
{
    public static async ValueTask<StepReply> RunAsync(IInferenceBatcher batcher, StepCall request, CancellationToken cancellationToken)
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
