using Confluent.Kafka;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// Runs ingest checkpoints beside the dispatch of later polls, at most one at a time, so that persisting every sensor
/// (tens of milliseconds for a thousand sensors, more with Redis) never holds back the readings behind it. The dispatcher
/// starts one when it is due (<see cref="StartIfDue"/>) and reads each one's outcome after its next poll
/// (<see cref="TakeFinishedAsync"/>); the last one before the partitions go waits for the one running
/// (<see cref="RunNowAsync"/>). Commits therefore stay in order.
/// </summary>
internal sealed class IngestCheckpointRunner
{
    private readonly IngestBarrier _barrier;
    private readonly IngestCheckpoint _checkpoint;
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private Task<bool>? _running;

    public IngestCheckpointRunner(IngestBarrier barrier, IngestCheckpoint checkpoint, IConsumer<byte[]?, byte[]?> consumer)
    {
        _barrier = barrier;
        _checkpoint = checkpoint;
        _consumer = consumer;
    }

    /// <summary>Starts a checkpoint of what was delivered so far when one is due and none is running.</summary>
    public void StartIfDue()
    {
        if (_running is null && _checkpoint.Due)
        {
            _running = RunAsync(_checkpoint.Seal());
        }
    }

    /// <summary>
    /// The outcome of a checkpoint that has finished since the last call: false when it found a sensor that lost readings
    /// it had not persisted (the caller must replay from the committed offsets); true when it succeeded or none finished.
    /// A checkpoint that failed throws here (its retries ran out), as it would have in the dispatcher.
    /// </summary>
    public async ValueTask<bool> TakeFinishedAsync()
    {
        if (_running is not { IsCompleted: true } finished)
        {
            return true;
        }

        _running = null;
        return await finished;
    }

    /// <summary>Waits for the running checkpoint, if any, and returns its outcome (true when none ran).</summary>
    public async Task<bool> WaitAsync()
    {
        if (_running is not { } running)
        {
            return true;
        }

        try
        {
            return await running;
        }
        finally
        {
            _running = null;
        }
    }

    /// <summary>
    /// Waits for the running checkpoint, then checkpoints everything delivered since, now: before the partitions are
    /// revoked, and when ingest stops. False when either found a sensor that lost readings.
    /// </summary>
    public async Task<bool> RunNowAsync()
    {
        if (!await WaitAsync())
        {
            return false;
        }

        return !_checkpoint.Pending || await RunAsync(_checkpoint.Seal());
    }

    private async Task<bool> RunAsync(IngestCheckpointCut cut)
    {
        // Off the dispatcher's turn: it goes on with the next poll at once.
        await Task.Yield();
        var persisted = await _barrier.RunAsync(cut, _consumer, CancellationToken.None);
        if (persisted)
        {
            // A cut that found a lost sensor stays sealed until the rewind forgets it: until then every batch to a
            // sensor still names the cut's offsets, so the lost sensor refuses them instead of applying over stale state.
            _checkpoint.Release(cut);
        }

        return persisted;
    }
}
