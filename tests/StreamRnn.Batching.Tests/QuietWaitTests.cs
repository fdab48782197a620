namespace StreamRnn.Batching.Tests;

public sealed class QuietWaitTests
{
    [Fact]
    public void WaitAny_FirstAlreadyCompleted_ReturnsZeroAtOnce()
    {
        var wait = new QuietWait();
        var never = new TaskCompletionSource();

        Assert.Equal(0, wait.WaitAny(Task.CompletedTask, never.Task));
    }

    [Fact]
    public async Task WaitAny_SecondCompletedOnAnotherThread_BlocksUntilThenAndReturnsOne()
    {
        var wait = new QuietWait();
        var never = new TaskCompletionSource();
        var later = new TaskCompletionSource();
        var waiter = Task.Factory.StartNew(() => wait.WaitAny(never.Task, later.Task), TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.False(waiter.IsCompleted);

        later.SetResult();

        Assert.Equal(1, await waiter.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WaitAny_SameLongLivedTaskWaitedOnManyTimes_EveryWaitWakesOnItsOwnTask()
    {
        // The batcher waits again and again beside one long-lived task (a pending model swap): each wait must end on the
        // task that completes, and a wake left from an earlier wait must not end a later one early.
        var wait = new QuietWait();
        var longLived = new TaskCompletionSource();
        for (var i = 0; i < 1_000; i++)
        {
            var data = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var completer = Task.Run(data.SetResult, TestContext.Current.CancellationToken);

            Assert.Equal(1, wait.WaitAny(longLived.Task, data.Task));
            Assert.True(data.Task.IsCompleted);
            await completer;
        }

        longLived.SetResult();
        Assert.Equal(0, wait.WaitAny(longLived.Task, new TaskCompletionSource().Task));
    }
}
