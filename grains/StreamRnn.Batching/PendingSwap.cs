using StreamRnn.Models;

namespace StreamRnn.Batching;

/// <summary>Weights built beside the served ones, waiting for the batcher thread to switch to them.</summary>
internal sealed class PendingSwap(RecurrentForecaster model, int version)
{
    private readonly TaskCompletionSource _served = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecurrentForecaster Model { get; } = model;

    public int Version { get; } = version;

    /// <summary>Completes when the batcher serves <see cref="Model"/>.</summary>
    public Task Served => _served.Task;

    public void MarkServed() => _served.TrySetResult();

    /// <summary>A newer swap (or shutdown) replaced this one before it was served: its model is disposed.</summary>
    public void Supersede() =>
        Supersede(new OperationCanceledException($"The switch to model v{Version} was superseded by a newer one or by shutdown."));

    /// <summary>The switch will not happen, for <paramref name="reason"/>: its model is disposed.</summary>
    public void Supersede(Exception reason)
    {
        Model.Dispose();
        _served.TrySetException(reason);
    }
}
