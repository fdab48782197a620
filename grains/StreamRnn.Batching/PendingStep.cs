namespace StreamRnn.Batching;

/// <summary>
/// One queued <see cref="IInferenceBatcher.StepAsync"/> request. Its task runs continuations synchronously: the batcher
/// answers a whole batch from one thread-pool work item (<see cref="BatchCompletion"/>), never from its own thread.
/// </summary>
internal sealed class PendingStep : TaskCompletionSource<StepResult>
{
    private CancellationTokenRegistration _registration;

    public PendingStep(float[] inputs, int steps, float[]? state, long enqueuedAt)
        : base(TaskCreationOptions.None)
    {
        Inputs = inputs;
        Steps = steps;
        State = state;
        EnqueuedAt = enqueuedAt;
    }

    public float[] Inputs { get; }

    public int Steps { get; }

    public float[]? State { get; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> at which the request was queued.</summary>
    public long EnqueuedAt { get; }

    /// <summary>True once completed, in particular when cancelled while queued.</summary>
    public bool IsDone => Task.IsCompleted;

    /// <summary>Completes the request as cancelled as soon as the token fires, even while it is queued.</summary>
    public void CancelWith(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingStep)state!).TrySetCanceled(token), this);
        }
    }

    public void Succeed(StepResult result)
    {
        _registration.Unregister();
        TrySetResult(result);
    }

    public void Fail(Exception exception)
    {
        _registration.Unregister();
        TrySetException(exception);
    }
}
