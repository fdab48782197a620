namespace StreamRnn.Contracts;

/// <summary>
/// A facade of the inference pool. It holds no tensors: it hands steps to the silo's batcher, which
/// runs one batched forward for many sensors on its own thread.
/// </summary>
public interface IInferenceGrain : IGrainWithIntegerKey
{
    /// <summary>Runs the steps in a batch shared with other sensors; every forecast and state in the reply is finite.</summary>
    /// <exception cref="NonFiniteForecastException">No version gives a finite answer for this request.</exception>
    ValueTask<StepReply> StepAsync(StepCall request, CancellationToken cancellationToken = default);
}
