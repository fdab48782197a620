using TorchSharp;
using static TorchSharp.torch;

namespace StreamRnn.Training;

/// <summary>
/// Sliding windows over normalised series for truncated backpropagation through time. A window has
/// <see cref="InputLength"/> input steps <c>[T, Channels]</c> and, for every one of those steps t, the next
/// <see cref="Horizon"/> values of channel 0 as targets <c>[T, Horizon]</c> (steps t+1 … t+Horizon), so a window
/// covers <c>InputLength + Horizon</c> steps, all inside one part (train, validation or test) of one series.
/// Every window starts from a zero recurrent state.
/// </summary>
public sealed class WindowedDataset
{
    private readonly IReadOnlyList<NormalizedSeries> _series;

    internal WindowedDataset(IReadOnlyList<NormalizedSeries> series, IReadOnlyList<TrainingWindow> windows, int inputLength, int horizon, int channels)
    {
        _series = series;
        Windows = windows;
        InputLength = inputLength;
        Horizon = horizon;
        Channels = channels;
    }

    /// <summary>The windows, in chronological order per series, series after series.</summary>
    public IReadOnlyList<TrainingWindow> Windows { get; }

    /// <summary>Windows in the set.</summary>
    public int Count => Windows.Count;

    /// <summary>Input steps per window (T).</summary>
    public int InputLength { get; }

    /// <summary>Target values per input step (H); 0 for reconstruction, which has no targets beyond the inputs.</summary>
    public int Horizon { get; }

    /// <summary>Values per step.</summary>
    public int Channels { get; }

    /// <summary>Steps one window covers: <c>InputLength + Horizon</c>.</summary>
    public int WindowSpan => InputLength + Horizon;

    /// <summary>The normalised inputs of one window, row-major <c>[InputLength × Channels]</c>.</summary>
    /// <param name="index">The window.</param>
    /// <returns>A new array.</returns>
    public float[] GetInputs(int index)
    {
        var window = Windows[index];
        var values = _series[window.SeriesIndex].Values;
        return values.AsSpan(window.Start * Channels, InputLength * Channels).ToArray();
    }

    /// <summary>The normalised targets of one window, row-major <c>[InputLength × Horizon]</c>: row t holds channel 0 at steps t+1 … t+H.</summary>
    /// <param name="index">The window.</param>
    /// <returns>A new array.</returns>
    public float[] GetTargets(int index)
    {
        var targets = new float[InputLength * Horizon];
        FillTargets(Windows[index], targets);
        return targets;
    }

    internal NormalizedSeries Source(int seriesIndex)
    {
        return _series[seriesIndex];
    }

    /// <summary>Inputs <c>[B, T, Channels]</c> and targets <c>[B, T, Horizon]</c> of the given windows, on <paramref name="device"/>.</summary>
    internal (Tensor Inputs, Tensor Targets) GetBatch(ReadOnlySpan<int> indices, Device device)
    {
        var inputSize = InputLength * Channels;
        var targetSize = InputLength * Horizon;
        var inputs = new float[indices.Length * inputSize];
        var targets = new float[indices.Length * targetSize];
        for (var row = 0; row < indices.Length; row++)
        {
            var window = Windows[indices[row]];
            _series[window.SeriesIndex].Values.AsSpan(window.Start * Channels, inputSize).CopyTo(inputs.AsSpan(row * inputSize));
            FillTargets(window, targets.AsSpan(row * targetSize, targetSize));
        }

        long batch = indices.Length;
        return (
            torch.tensor(inputs, [batch, InputLength, Channels], device: device),
            torch.tensor(targets, [batch, InputLength, Horizon], device: device));
    }

    private void FillTargets(TrainingWindow window, Span<float> targets)
    {
        var values = _series[window.SeriesIndex].Values;
        for (var t = 0; t < InputLength; t++)
        {
            for (var h = 0; h < Horizon; h++)
            {
                targets[(t * Horizon) + h] = values[(window.Start + t + 1 + h) * Channels];
            }
        }
    }
}
