using TorchSharp;
using static TorchSharp.torch;

namespace StreamRnn.Training.FineTuning;

/// <summary>
/// Fine-tuning batches: every epoch the samples in a new seeded order, grouped by length (a batch only holds samples of
/// equal <c>Steps</c>), each group cut into batches of at most <c>BatchSize</c>, and the batches shuffled.
/// </summary>
internal sealed class SampleBatches : ITrainingBatches
{
    private readonly List<FineTuningSample> _samples;
    private readonly int _batchSize;
    private readonly int _horizon;
    private readonly int[] _order;
    private FineTuningSample[][] _batches = [];

    public SampleBatches(List<FineTuningSample> samples, int batchSize, int horizon)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _samples = samples;
        _batchSize = batchSize;
        _horizon = horizon;
        _order = [.. Enumerable.Range(0, samples.Count)];
    }

    /// <inheritdoc />
    public int Shuffle(Random shuffle)
    {
        // The sample order carries over from epoch to epoch; the batches are cut afresh and shuffled too.
        shuffle.Shuffle(_order);
        _batches = Group(_order.Select(i => _samples[i]), _batchSize);
        shuffle.Shuffle(_batches);
        return _batches.Length;
    }

    /// <inheritdoc />
    public (Tensor Inputs, Tensor Targets, int Rows) Get(int index, Device device)
    {
        var batch = _batches[index];
        var (inputs, targets) = ToTensors(batch, _horizon, device);
        return (inputs, targets, batch.Length);
    }

    /// <summary>Groups by <c>Steps</c> (first appearance first, order kept within a group) and cuts each group into batches.</summary>
    public static FineTuningSample[][] Group(IEnumerable<FineTuningSample> samples, int batchSize)
    {
        return [.. samples.GroupBy(s => s.Steps).SelectMany(group => group.Chunk(batchSize))];
    }

    /// <summary>
    /// Inputs <c>[B, T, Channels]</c> (the first T = Steps − H steps) and targets <c>[B, T, H]</c> (row t: channel 0 at
    /// t+1 … t+H) of samples of equal length.
    /// </summary>
    public static (Tensor Inputs, Tensor Targets) ToTensors(FineTuningSample[] batch, int horizon, Device device)
    {
        var channels = batch[0].Channels;
        var length = batch[0].Steps - horizon;
        var inputSize = length * channels;
        var targetSize = length * horizon;
        var inputs = new float[batch.Length * inputSize];
        var targets = new float[batch.Length * targetSize];
        for (var row = 0; row < batch.Length; row++)
        {
            var values = batch[row].Inputs;
            values.AsSpan(0, inputSize).CopyTo(inputs.AsSpan(row * inputSize));
            var rowTargets = targets.AsSpan(row * targetSize, targetSize);
            for (var t = 0; t < length; t++)
            {
                for (var h = 0; h < horizon; h++)
                {
                    rowTargets[(t * horizon) + h] = values[(t + 1 + h) * channels];
                }
            }
        }

        long rows = batch.Length;
        return (
            torch.tensor(inputs, [rows, length, channels], device: device),
            torch.tensor(targets, [rows, length, horizon], device: device));
    }
}
