namespace StreamRnn.Inference.Batching;

/// <summary>
/// Runs recurrent steps for many series in shared batched forwards. This is what grains call:
/// it never does tensor work on the caller's thread.
/// </summary>
public interface IInferenceBatcher
{
    /// <summary>The model shape, which fixes the sizes of inputs, state and forecasts.</summary>
    ModelShape Shape { get; }

    /// <summary>The version of the weights that the next batch will use.</summary>
    int ModelVersion { get; }

    /// <summary>
    /// Feeds <paramref name="steps"/> consecutive readings of one series through the model, starting
    /// from <paramref name="state"/>, in a batch shared with other waiting requests.
    /// The arrays are read when the batch runs: do not modify them until the returned task completes.
    /// </summary>
    /// <param name="inputs"><c>steps × Channels</c> normalised values, step-major.</param>
    /// <param name="steps">How many steps <paramref name="inputs"/> holds (at least 1).</param>
    /// <param name="state"><see cref="ModelShape.StateSize"/> floats, or <see langword="null"/> for a fresh (zero) state.</param>
    /// <param name="cancellationToken">Cancels the request while it waits for its batch.</param>
    /// <returns>The state after the last step and the forecast made after each step.</returns>
    /// <exception cref="ArgumentException">A size does not match <see cref="Shape"/>.</exception>
    /// <exception cref="ObjectDisposedException">The batcher is shutting down.</exception>
    ValueTask<StepResult> StepAsync(float[] inputs, int steps, float[]? state, CancellationToken cancellationToken = default);
}
