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
    private readonly AnswersInFlight _inFlight;

    private BatchCompletion(PendingStep[] requests, StepResult[]? results, Exception?[]? rowFailures, Exception? failure, AnswersInFlight inFlight)
    {
        _requests = requests;
        _results = results;
        _rowFailures = rowFailures;
        _failure = failure;
        _inFlight = inFlight;
    }

    /// <summary>Queues the answers: <paramref name="results"/> row by row, where a row has no entry in <paramref name="rowFailures"/>.</summary>
    public static void Succeed(List<PendingStep> batch, StepResult[] results, Exception?[]? rowFailures, AnswersInFlight inFlight) =>
        Queue(new BatchCompletion([.. batch], results, rowFailures, failure: null, inFlight));

    /// <summary>Queues the same failure for every request of <paramref name="batch"/>.</summary>
    public static void Fail(List<PendingStep> batch, Exception failure, AnswersInFlight inFlight) =>
        Queue(new BatchCompletion([.. batch], results: null, rowFailures: null, failure, inFlight));

    public void Execute()
    {
        try
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
        finally
        {
            _inFlight.Given();
        }
    }

    private static void Queue(BatchCompletion completion)
    {
        completion._inFlight.Add();
        ThreadPool.UnsafeQueueUserWorkItem(completion, preferLocal: false);
    }
}
