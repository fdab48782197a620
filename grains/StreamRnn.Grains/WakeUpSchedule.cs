namespace StreamRnn.Grains;

/// <summary>
/// Wake-ups by due time, at most one per key: asking again replaces a key's wake-up, cancelling forgets it. A wake-up
/// moved later costs no queue entry: its old entry, when it comes up, is put back at the new time (a sensor that keeps
/// reading moves its dropout deadline on at every call, and is woken only when it falls silent). One moved sooner gets
/// a new entry, and the old one is skipped when it comes up, as are cancelled ones; the queue is rebuilt if such
/// entries ever outnumber the live ones, so it stays within a small multiple of the keys waiting. Not thread-safe: <see cref="DropoutWakeUps"/>
/// holds a lock around it. Pure: times are whatever the caller counts in (timestamps).
/// </summary>
/// <typeparam name="TKey">What is woken.</typeparam>
/// <typeparam name="TValue">What the caller keeps with each wake-up.</typeparam>
public sealed class WakeUpSchedule<TKey, TValue>
    where TKey : notnull
{
    /// <summary>Skipped entries kept beyond twice the live ones before the schedule is rebuilt.</summary>
    private const int SlackEntries = 1_024;

    private readonly Dictionary<TKey, (long At, TValue Value)> _pending = [];
    private readonly PriorityQueue<TKey, long> _queue = new();

    /// <summary>Keys waiting to be woken.</summary>
    public int Count => _pending.Count;

    /// <summary>Entries in the queue, the skipped ones included (at most twice <see cref="Count"/> and a little).</summary>
    public int QueuedEntries => _queue.Count;

    /// <summary>Whether <paramref name="key"/> waits to be woken.</summary>
    public bool Contains(TKey key) => _pending.ContainsKey(key);

    /// <summary>Wakes <paramref name="key"/> at <paramref name="at"/> instead of when it last asked; returns whether that is now the earliest wake-up.</summary>
    public bool Schedule(TKey key, long at, TValue value)
    {
        var later = _pending.TryGetValue(key, out var asked) && at >= asked.At;
        _pending[key] = (at, value);
        if (later)
        {
            return false; // its entry, at the time asked before, is put back at this one when it comes up
        }

        _queue.Enqueue(key, at);
        if (_queue.Count > (2 * _pending.Count) + SlackEntries)
        {
            _queue.Clear();
            foreach (var (pending, wakeUp) in _pending)
            {
                _queue.Enqueue(pending, wakeUp.At);
            }
        }

        return _queue.TryPeek(out _, out var earliest) && earliest == at;
    }

    /// <summary>Forgets <paramref name="key"/>'s wake-up, if any.</summary>
    public void Cancel(TKey key) => _pending.Remove(key);

    /// <summary>Forgets every wake-up.</summary>
    public void Clear()
    {
        _pending.Clear();
        _queue.Clear();
    }

    /// <summary>Moves the wake-ups due at <paramref name="now"/> into <paramref name="due"/>, earliest first; returns when the next is due, or null when none waits.</summary>
    public long? TakeDue(long now, List<(TKey Key, TValue Value)> due)
    {
        ArgumentNullException.ThrowIfNull(due);
        while (_queue.TryPeek(out var key, out var at))
        {
            if (!_pending.TryGetValue(key, out var wakeUp) || wakeUp.At < at)
            {
                _queue.Dequeue(); // cancelled, or moved sooner (a newer entry stands for it)
                continue;
            }

            if (wakeUp.At > at)
            {
                _queue.DequeueEnqueue(key, wakeUp.At); // moved later since it was queued
                continue;
            }

            if (at > now)
            {
                return at;
            }

            _queue.Dequeue();
            _pending.Remove(key);
            due.Add((key, wakeUp.Value));
        }

        return null;
    }
}
