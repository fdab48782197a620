namespace StreamRnn.Batching;

/// <summary>
/// Answers one batch's requests in a single thread-pool work item, never on the batcher thread. The requests'
/// tasks run their continuations synchronously (<see cref="PendingStep"/>), so a caller that continues on the thread
/// pool continues right here, and one that continues on its own scheduler (an Orleans grain's) is posted there: one
/// work item per batch instead of one per request.
/// </summary>
internal sealed class BatchCompletion : IThreadPoolWorkItem
{
    private readonly PendingStep[] _requests;
    private readonly StepResult[]? _results;
    private readonly Exception?[]? _rowFailures;
    private readonly Exception? _failure;

    private BatchCompletion(PendingStep[] requests, StepResult[]? results, Exception?[]? rowFailures, Exception? failure)
    {
        _requests = requests;
        _results = results;
        _rowFailures = rowFailures;
        _failure = failure;
    }

    /// <summary>Queues the answers: <paramref name="results"/> row by row, where a row has no entry in <paramref name="rowFailures"/>.</summary>
    public static void Succeed(List<PendingStep> batch, StepResult[] results, Exception?[]? rowFailures) =>
        ThreadPool.UnsafeQueueUserWorkItem(new BatchCompletion([.. batch], results, rowFailures, failure: null), preferLocal: false);

    /// <summary>Queues the same failure for every request of <paramref name="batch"/>.</summary>
    public static void Fail(List<PendingStep> batch, Exception failure) =>
        ThreadPool.UnsafeQueueUserWorkItem(new BatchCompletion([.. batch], results: null, rowFailures: null, failure), preferLocal: false);

    public void Execute()
    {
        for (var i = 0; i < _requests.Length; i++)
        {
            if (_results is null)
            {
                _requests[i].Fail(_failure!);
            }
            else if (_rowFailures?[i] is { } rowFailure)
            {
                _requests[i].Fail(rowFailure);
            }
            else
            {
                _requests[i].Succeed(_results[i]);
            }
        }
    }
}
