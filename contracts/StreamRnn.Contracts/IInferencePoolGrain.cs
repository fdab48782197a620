namespace StreamRnn.Contracts;

/// <summary>
/// A pool grain on a silo that advertises an accelerator: sensors on other silos send their steps to it, and it hands
/// them to its own silo's batcher, which batches them with every other sensor's. Keyed by its silo and a slot
/// (<c>{silo}/{slot}</c>); placed on that silo while it is alive.
/// </summary>
public interface IInferencePoolGrain : IGrainWithStringKey
{
    /// <summary>Runs the steps in its silo's batch; the reply names the model version that computed them.</summary>
    /// <exception cref="NonFiniteForecastException">No version gives a finite answer for this request.</exception>
    ValueTask<StepReply> StepAsync(StepCall request, CancellationToken cancellationToken = default);
}
