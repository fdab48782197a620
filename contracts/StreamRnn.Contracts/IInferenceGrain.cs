namespace StreamRnn.Contracts;

/// <summary>
/// A facade of the inference pool. It holds no tensors: it hands steps to the silo's batcher, which
/// runs one batched forward for many sensors on its own thread.
/// </summary>
public interface IInferenceGrain : IGrainWithIntegerKey
{
    ValueTask<StepReply> StepAsync(StepCall request, CancellationToken cancellationToken = default);
}
