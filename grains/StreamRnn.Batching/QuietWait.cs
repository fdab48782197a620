namespace StreamRnn.Batching;

/// <summary>
/// Blocks one thread until the first of two tasks completes, without spinning first. <see cref="Task.WaitAny(Task[])"/>
/// spins on the CPU before it blocks; a batcher under live traffic waits thousands of times a second (one short wait
/// between forwards), and on two cores that spinning took 45 % of the batcher thread's CPU, from the threads doing the
/// work. Used by one thread at a time.
/// </summary>
internal sealed class QuietWait
{
    private readonly object _gate = new();
    private readonly Action _wake;
    private bool _woken;

    public QuietWait()
    {
        _wake = () =>
        {
            lock (_gate)
            {
                _woken = true;
                Monitor.Pulse(_gate);
            }
        };
    }

    /// <summary>Blocks until <paramref name="first"/> or <paramref name="second"/> completes; returns 0 when the first has, else 1.</summary>
    public int WaitAny(Task first, Task second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.IsCompleted)
        {
            return 0;
        }

        if (second.IsCompleted)
        {
            return 1;
        }

        // WhenAny takes its continuation off the other task when one completes: a long-lived task waited on again and
        // again collects none. The wake is registered on the short-lived WhenAny task, and runs once.
        var either = Task.WhenAny(first, second);
        lock (_gate)
        {
            _woken = false;
        }

        either.GetAwaiter().UnsafeOnCompleted(_wake);
        lock (_gate)
        {
            while (!_woken)
            {
                Monitor.Wait(_gate);
            }
        }

        return first.IsCompleted ? 0 : 1;
    }
}
