using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace StreamRnn.Batching.Tests;

public sealed class FlushPolicyTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void IsFull_CountAgainstMaxBatchSize_FullOnlyAtTheMaximum(int count, bool expected)
    {
        var policy = new FlushPolicy(4, TimeSpan.FromMilliseconds(50), new FakeTimeProvider());

        Assert.Equal(expected, policy.IsFull(count));
    }

    [Fact]
    public void Remaining_ClockAdvances_CountsDownFromMaxWait()
    {
        var time = new FakeTimeProvider();
        var policy = new FlushPolicy(4, TimeSpan.FromMilliseconds(50), time);
        var enqueuedAt = time.GetTimestamp();

        time.Advance(TimeSpan.FromMilliseconds(20));
        var partway = policy.Remaining(enqueuedAt);
        time.Advance(TimeSpan.FromMilliseconds(30));

        Assert.Equal(TimeSpan.FromMilliseconds(30), partway);
        Assert.Equal(TimeSpan.Zero, policy.Remaining(enqueuedAt));
    }

    [Fact]
    public void Collect_MaxBatchSizeQueued_FlushesFullBatchWithoutWaiting()
    {
        var time = new FakeTimeProvider();
        var policy = new FlushPolicy(3, TimeSpan.FromHours(1), time);
        var queue = Queue(time, 4);
        var batch = new List<PendingStep>();

        var flushed = policy.Collect(queue.Reader, batch, NeverWake);

        Assert.True(flushed);
        Assert.Equal(3, batch.Count);
        Assert.True(queue.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Collect_PartialBatch_FlushesWhenMaxWaitElapses()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        var policy = new FlushPolicy(8, TimeSpan.FromMilliseconds(50), time);
        var queue = Queue(time, 2);
        var batch = new List<PendingStep>();

        var collect = Task.Factory.StartNew(
            () => policy.Collect(queue.Reader, batch, NeverWake), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.False(collect.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(50));
        var flushed = await collect.WaitAsync(Guard, cancellationToken);

        Assert.True(flushed);
        Assert.Equal(2, batch.Count);
    }

    [Fact]
    public void Collect_RequestQueuedAsTheDeadlinePasses_JoinsTheDueBatch()
    {
        var time = new ClockWithOneHook();
        var policy = new FlushPolicy(8, TimeSpan.FromMilliseconds(50), time);
        var queue = Queue(time, 1);
        var batch = new List<PendingStep>();

        // After the policy has taken the first request, and while it reads the clock, a second is queued and the
        // deadline passes (the race a caller on another thread can win).
        time.OnNextRead = () =>
        {
            queue.Writer.TryWrite(new PendingStep([1f], 1, null, time.GetTimestamp()));
            time.Advance(TimeSpan.FromMilliseconds(50));
        };
        var flushed = policy.Collect(queue.Reader, batch, NeverWake);

        Assert.True(flushed);
        Assert.Equal(2, batch.Count);
    }

    [Fact]
    public void Collect_NoMaxWaitOneQueued_FlushesItWithoutWaiting()
    {
        // A light load: one request and nothing else queued runs at once; the clock never moves.
        var time = new FakeTimeProvider();
        var policy = new FlushPolicy(512, TimeSpan.Zero, time);
        var queue = Queue(time, 1);
        var batch = new List<PendingStep>();

        var flushed = policy.Collect(queue.Reader, batch, NeverWake);

        Assert.True(flushed);
        Assert.Single(batch);
    }

    [Fact]
    public void Collect_NoMaxWaitBacklogQueued_FlushesFullBatchesThenWhatIsLeftOnDrain()
    {
        // A backlog: what queued meanwhile goes in batches of MaxBatchSize, and the remainder runs when the queue drains.
        var time = new FakeTimeProvider();
        var policy = new FlushPolicy(4, TimeSpan.Zero, time);
        var queue = Queue(time, 10);
        var sizes = new List<int>();

        for (var i = 0; i < 3; i++)
        {
            var batch = new List<PendingStep>();
            Assert.True(policy.Collect(queue.Reader, batch, NeverWake));
            sizes.Add(batch.Count);
        }

        Assert.Equal([4, 4, 2], sizes);
        Assert.False(queue.Reader.TryRead(out _));
    }

    [Fact]
    public void Collect_CancelledRequestsQueued_LeavesThemOut()
    {
        var time = new FakeTimeProvider();
        var policy = new FlushPolicy(8, TimeSpan.Zero, time);
        var queue = Queue(time, 3);
        queue.Reader.TryPeek(out var first);
        first!.TrySetCanceled(TestContext.Current.CancellationToken);
        var batch = new List<PendingStep>();

        var flushed = policy.Collect(queue.Reader, batch, NeverWake);

        Assert.True(flushed);
        Assert.Equal(2, batch.Count);
        Assert.DoesNotContain(first, batch);
    }

    [Fact]
    public void Collect_IdleWithBoundaryDue_ReturnsEmptyBatchAtOnce()
    {
        var time = new FakeTimeProvider();
        var policy = new FlushPolicy(8, TimeSpan.FromHours(1), time);
        var queue = Queue(time, 0);
        var batch = new List<PendingStep>();

        var flushed = policy.Collect(queue.Reader, batch, static () => null);

        Assert.True(flushed);
        Assert.Empty(batch);
    }

    [Fact]
    public void Collect_QueueCompletedAndEmpty_ReturnsFalse()
    {
        var time = new FakeTimeProvider();
        var policy = new FlushPolicy(8, TimeSpan.FromHours(1), time);
        var queue = Queue(time, 0);
        queue.Writer.Complete();

        Assert.False(policy.Collect(queue.Reader, [], NeverWake));
    }

    [Fact]
    public void Collect_QueueCompletedWithPartialBatch_FlushesItWithoutWaiting()
    {
        var time = new FakeTimeProvider();
        var policy = new FlushPolicy(8, TimeSpan.FromHours(1), time);
        var queue = Queue(time, 2);
        queue.Writer.Complete();
        var batch = new List<PendingStep>();

        var flushed = policy.Collect(queue.Reader, batch, NeverWake);

        Assert.True(flushed);
        Assert.Equal(2, batch.Count);
    }

    private static Task? NeverWake()
    {
        return Task.Delay(Timeout.Infinite, TestContext.Current.CancellationToken);
    }

    /// <summary>A fake clock that runs an action, once, the next time it is read.</summary>
    private sealed class ClockWithOneHook : FakeTimeProvider
    {
        public Action? OnNextRead { get; set; }

        public override long GetTimestamp()
        {
            var hook = OnNextRead;
            OnNextRead = null;
            hook?.Invoke();
            return base.GetTimestamp();
        }
    }

    private static Channel<PendingStep> Queue(TimeProvider time, int requests)
    {
        var queue = Channel.CreateUnbounded<PendingStep>();
        for (var i = 0; i < requests; i++)
        {
            queue.Writer.TryWrite(new PendingStep([i], 1, null, time.GetTimestamp()));
        }

        return queue;
    }
}
