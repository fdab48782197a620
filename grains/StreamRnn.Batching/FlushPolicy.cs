using System.Threading.Channels;

namespace StreamRnn.Batching;

/// <summary>
/// When the <see cref="InferenceBatcher"/> runs a batch: once it holds <see cref="MaxBatchSize"/> live requests, or once
/// <see cref="MaxWait"/> has elapsed since the oldest of them was queued (measured with the injected
/// <see cref="TimeProvider"/>), whichever comes first.
/// </summary>
/// <remarks>
/// Whatever is already queued is always taken without waiting, so under load batches fill while the previous forward
/// runs. <c>MaxWait = 0</c> (the default) never waits: a batch runs as soon as the queue is drained, so a light load is
/// answered at once and a backlog still batches large (what queued during the previous forward). A completed queue
/// (shutdown) flushes at once.
/// Runs on the batcher's own thread, which it blocks (without spinning: <see cref="QuietWait"/>): blocking is that thread's job.
/// </remarks>
internal sealed class FlushPolicy
{
    private readonly TimeProvider _timeProvider;
    private readonly QuietWait _wait = new();

    /// <summary>Creates the policy.</summary>
    /// <param name="maxBatchSize">Most requests in one batch, at least 1.</param>
    /// <param name="maxWait">How long the oldest request may wait for others, zero or more.</param>
    /// <param name="timeProvider">The clock that measures the wait.</param>
    public FlushPolicy(int maxBatchSize, TimeSpan maxWait, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        MaxBatchSize = maxBatchSize;
        MaxWait = maxWait;
        _timeProvider = timeProvider;
    }

    /// <summary>Most requests in one batch.</summary>
    public int MaxBatchSize { get; }

    /// <summary>How long the oldest request may wait for others.</summary>
    public TimeSpan MaxWait { get; }

    /// <summary>True when a batch of <paramref name="count"/> requests runs without waiting for more.</summary>
    public bool IsFull(int count)
    {
        return count >= MaxBatchSize;
    }

    /// <summary>
    /// How much longer a batch whose oldest request was queued at <paramref name="oldestEnqueuedAt"/>
    /// (a <see cref="TimeProvider.GetTimestamp"/>) may wait; zero or less means it runs now.
    /// </summary>
    public TimeSpan Remaining(long oldestEnqueuedAt)
    {
        return MaxWait - _timeProvider.GetElapsedTime(oldestEnqueuedAt);
    }

    /// <summary>
    /// Fills <paramref name="batch"/> from <paramref name="reader"/>, blocking the calling thread, until this policy says
    /// it runs. Requests already completed (cancelled while queued) are left out and never count towards a full batch.
    /// </summary>
    /// <param name="reader">The request queue.</param>
    /// <param name="batch">The batch to fill; empty on entry.</param>
    /// <param name="idleWake">
    /// Asked while the batch is empty: <see langword="null"/> ends the wait at once with an empty batch (a batch
    /// boundary is due, for example a model swap), otherwise a task that ends the wait when it completes.
    /// </param>
    /// <returns>False once the queue is completed and empty; otherwise true, with the batch to run (possibly empty).</returns>
    public bool Collect(ChannelReader<PendingStep> reader, List<PendingStep> batch, Func<Task?> idleWake)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(idleWake);
        while (true)
        {
            TakeQueued(reader, batch);
            if (IsFull(batch.Count))
            {
                // Requests cancelled while collected do not count towards a full batch.
                batch.RemoveAll(static r => r.IsDone);
                if (IsFull(batch.Count))
                {
                    return true;
                }

                continue;
            }

            if (batch.Count == 0)
            {
                if (idleWake() is not { } wake)
                {
                    // An idle batcher reaches a batch boundary at once: the empty batch is the boundary.
                    return true;
                }

                var waitForData = reader.WaitToReadAsync().AsTask();
                if (!waitForData.IsCompleted)
                {
                    _wait.WaitAny(waitForData, wake);
                    if (!waitForData.IsCompleted)
                    {
                        continue;
                    }
                }

                if (!waitForData.GetAwaiter().GetResult())
                {
                    return false;
                }

                continue;
            }

            var remaining = Remaining(batch[0].EnqueuedAt);
            if (remaining <= TimeSpan.Zero)
            {
                // Requests queued while the clock was read join the batch that is now due.
                TakeQueued(reader, batch);
                return true;
            }

            var readable = reader.WaitToReadAsync();
            if (readable.IsCompleted)
            {
                if (!readable.Result)
                {
                    return true;
                }

                continue;
            }

            using var deadline = new CancellationTokenSource();
            var delay = Task.Delay(remaining, _timeProvider, deadline.Token);
            var more = readable.AsTask();

            // The clock may have moved between measuring and arming the timer (a test's fake clock).
            if (Remaining(batch[0].EnqueuedAt) <= TimeSpan.Zero)
            {
                deadline.Cancel();
                TakeQueued(reader, batch);
                return true;
            }

            // Woken by the deadline, by new requests, or by the queue's end: the loop's top takes whatever is queued
            // by now, then flushes if the deadline has passed or the queue has ended.
            _wait.WaitAny(more, delay);
            deadline.Cancel();
        }
    }

    /// <summary>Moves what is queued now into <paramref name="batch"/>, up to a full batch, leaving out requests already done.</summary>
    private void TakeQueued(ChannelReader<PendingStep> reader, List<PendingStep> batch)
    {
        while (!IsFull(batch.Count) && reader.TryRead(out var request))
        {
            if (!request.IsDone)
            {
                batch.Add(request);
            }
        }
    }
}
