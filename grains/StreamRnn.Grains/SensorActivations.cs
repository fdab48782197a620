using Microsoft.Extensions.Options;

namespace StreamRnn.Grains;

/// <summary>
/// The sensor activations on this silo, counted by the sensors themselves, and the gate that keeps the ones leaving
/// memory bounded. A sensor is <em>active</em> from activation until it starts to leave (it was over the cap, or idle,
/// or the silo is stopping), then <em>leaving</em> until Orleans disposes of it, which it does after removing it from
/// the silo's catalog. Orleans finishes deactivations at its own pace; under a flood of new ids the leaving ones would
/// pile up without limit (a CI run on 2 loaded cores counted thousands), so a new sensor waits in its activation while
/// <see cref="SensorActivationOptions.MaxLeavingPerSilo"/> are leaving. The wait only delays: leaving sensors always go.
/// </summary>
public sealed class SensorActivations
{
    private readonly Lock _gate = new();
    private readonly long _maxActive;
    private readonly long _maxLeaving;
    private long _active;
    private long _leaving;
    private long _waiting;
    private TaskCompletionSource? _room;

    public SensorActivations(IOptions<SensorActivationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxActive = options.Value.MaxActivePerSilo;
        _maxLeaving = options.Value.MaxLeavingPerSilo;
    }

    /// <summary>Sensors active on this silo now (activated, not leaving).</summary>
    public long Count => Interlocked.Read(ref _active);

    /// <summary>Whether more than <see cref="SensorActivationOptions.MaxActivePerSilo"/> sensors are active.</summary>
    public bool OverCap => Count > _maxActive;

    /// <summary>Sensors on this silo that have started to leave and that Orleans has not yet disposed of.</summary>
    public long Leaving
    {
        get
        {
            lock (_gate)
            {
                return _leaving;
            }
        }
    }

    /// <summary>New sensors waiting in their activation for fewer to be leaving.</summary>
    public long Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting;
            }
        }
    }

    /// <summary>Completes when fewer than <see cref="SensorActivationOptions.MaxLeavingPerSilo"/> sensors are leaving.</summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leaving < _maxLeaving)
            {
                return Task.CompletedTask;
            }

            _waiting++;
        }

        return WaitAsync(cancellationToken);
    }

    internal void Activated() => Interlocked.Increment(ref _active);

    /// <summary>An active sensor starts to leave.</summary>
    internal void Left()
    {
        Interlocked.Decrement(ref _active);
        lock (_gate)
        {
            _leaving++;
        }
    }

    /// <summary>A leaving sensor is gone from the silo: a waiting activation may go on.</summary>
    internal void Gone()
    {
        TaskCompletionSource? room = null;
        lock (_gate)
        {
            _leaving--;
            if (_leaving < _maxLeaving)
            {
                (room, _room) = (_room, null);
            }
        }

        room?.TrySetResult();
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                Task room;
                lock (_gate)
                {
                    // Checked again on each wake: more sensors may have started to leave before this waiter ran.
                    if (_leaving < _maxLeaving)
                    {
                        return;
                    }

                    room = (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }

                await room.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            lock (_gate)
            {
                _waiting--;
            }
        }
    }
}
