using static TorchSharp.torch;

namespace StreamRnn.Training;

/// <summary>
/// The training set as <see cref="TrainingLoop"/> sees it: every epoch an order of batches, drawn from the loop's seeded
/// shuffle, and each batch's tensors.
/// </summary>
internal interface ITrainingBatches
{
    /// <summary>Orders the coming epoch's batches, drawing only from <paramref name="shuffle"/>.</summary>
    /// <param name="shuffle">The loop's seeded generator; the draws made here are part of what a seed reproduces.</param>
    /// <returns>How many batches the epoch has.</returns>
    int Shuffle(Random shuffle);

    /// <summary>Batch <paramref name="index"/> of the epoch ordered last, on <paramref name="device"/>.</summary>
    /// <param name="index">From 0 to the count <see cref="Shuffle"/> returned.</param>
    /// <param name="device">Where the tensors go.</param>
    /// <returns>The inputs, the targets, and how many rows (windows or samples) the batch holds.</returns>
    (Tensor Inputs, Tensor Targets, int Rows) Get(int index, Device device);
}
