using static TorchSharp.torch;

namespace StreamRnn.Training;

/// <summary>
/// Offline training batches: every epoch the windows in a new seeded order, cut into consecutive batches of at most
/// <c>BatchSize</c> windows.
/// </summary>
internal sealed class WindowBatches : ITrainingBatches
{
    private readonly WindowedDataset _windows;
    private readonly int _batchSize;
    private readonly int[] _order;

    public WindowBatches(WindowedDataset windows, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _windows = windows;
        _batchSize = batchSize;
        _order = [.. Enumerable.Range(0, windows.Count)];
    }

    /// <inheritdoc />
    public int Shuffle(Random shuffle)
    {
        // The order carries over from epoch to epoch: each epoch shuffles the previous one.
        shuffle.Shuffle(_order);
        return (_order.Length + _batchSize - 1) / _batchSize;
    }

    /// <inheritdoc />
    public (Tensor Inputs, Tensor Targets, int Rows) Get(int index, Device device)
    {
        var offset = index * _batchSize;
        var indices = _order.AsSpan(offset, Math.Min(_batchSize, _order.Length - offset));
        var (inputs, targets) = _windows.GetBatch(indices, device);
        return (inputs, targets, indices.Length);
    }
}
