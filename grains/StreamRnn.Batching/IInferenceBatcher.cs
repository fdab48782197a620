using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;
namespace StreamRnn.Batching;

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

    /// <summary>How many times the batcher has switched to other weights since it started.</summary>
    long Swaps { get; }

    /// <summary>Steps whose batched forward failed (their requests faulted) since the batcher started.</summary>
    long FailedSteps { get; }

    /// <summary>Requests that failed because no version had a finite answer for them (<see cref="NonFiniteOutputException"/>).</summary>
    long NonFiniteRequests { get; }

    /// <summary>
    /// Raised (on the thread pool) when the batcher dropped a version that forecast NaN or infinity and went back to the
    /// version it served before; the silo reports it to the model registry, which rolls the version back cluster-wide.
    /// </summary>
    event EventHandler<ModelFault>? ModelFaulted;

    /// <summary>
    /// Builds <paramref name="version"/>'s weights beside the ones being served (on another thread, so
    /// batches keep running) and switches to them at the next batch boundary: no batch mixes versions,
    /// and every <see cref="StepResult"/> names the version that computed it.
    /// </summary>
    /// <param name="version">The version the new weights are (what results will report).</param>
    /// <param name="checkpoint">The weights; <see langword="null"/> for the model the batcher started with (seeded, or <c>Model:Checkpoint</c>).</param>
    /// <param name="cancellationToken">Stops waiting; the switch may still happen.</param>
    /// <returns>
    /// Completes once the batcher serves the new version; faults (and keeps the old weights) when they cannot be built,
    /// do not fit <see cref="Shape"/>, hold a non-finite weight, or are a version this batcher dropped (<see cref="ModelFaulted"/>).
    /// </returns>
    Task SwapAsync(int version, ModelCheckpoint? checkpoint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Feeds <paramref name="steps"/> consecutive readings of one series through the model, starting
    /// from <paramref name="state"/>, in a batch shared with other waiting requests.
    /// The arrays are read when the batch runs: do not modify them until the returned task completes.
    /// The task completes on a thread-pool thread that answers the whole batch, one request after another: a caller
    /// that continues synchronously there (outside a grain, with <c>ConfigureAwait(false)</c>) must not block, or the
    /// rest of its batch waits; a grain continues on its own scheduler as usual. A request cancelled while it waits
    /// completes on the thread that cancelled it.
    /// </summary>
    /// <param name="inputs"><c>steps × Channels</c> normalised values, step-major.</param>
    /// <param name="steps">How many steps <paramref name="inputs"/> holds (at least 1).</param>
    /// <param name="state"><see cref="ModelShape.StateSize"/> floats, or <see langword="null"/> for a fresh (zero) state.</param>
    /// <param name="cancellationToken">Cancels the request while it waits for its batch.</param>
    /// <returns>The state after the last step and the forecast made after each step.</returns>
    /// <exception cref="ArgumentException">A size does not match <see cref="Shape"/>.</exception>
    /// <exception cref="ObjectDisposedException">The batcher is shutting down.</exception>
    /// <exception cref="NonFiniteOutputException">
    /// The model computed NaN or infinity for this request and no version computed it finite (results never hold either).
    /// </exception>
    ValueTask<StepResult> StepAsync(float[] inputs, int steps, float[]? state, CancellationToken cancellationToken = default);
}
