namespace StreamRnn.Batching;

/// <summary>
/// Counts the batches whose answers are queued to the thread pool (<see cref="BatchCompletion"/>) and not yet given,
/// so that the batcher's shutdown returns only once every request it took has its answer. The batcher holds one count
/// of its own until <see cref="Close"/>, so <see cref="AllGiven"/> cannot complete while it still runs.
/// </summary>
internal sealed class AnswersInFlight
{
    private readonly TaskCompletionSource _allGiven = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count = 1;

    /// <summary>Completes once <see cref="Close"/> was called and every added batch was given its answers.</summary>
    public Task AllGiven => _allGiven.Task;

    /// <summary>A batch's answers were queued.</summary>
    public void Add() => Interlocked.Increment(ref _count);

    /// <summary>A batch's answers were given.</summary>
    public void Given()
    {
        if (Interlocked.Decrement(ref _count) == 0)
        {
            _allGiven.TrySetResult();
        }
    }

    /// <summary>The batcher queues no more answers.</summary>
    public void Close() => Given();
}
