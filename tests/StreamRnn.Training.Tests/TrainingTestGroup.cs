namespace StreamRnn.Training.Tests;

/// <summary>
/// Training tests run one at a time, apart from all other tests: they are CPU-bound (the machine may have 2 cores),
/// and dropout draws from libtorch's process-wide generator, which a concurrent test could advance.
/// </summary>
[CollectionDefinition(nameof(TrainingTestGroup), DisableParallelization = true)]
public sealed class TrainingTestGroup
{
}
