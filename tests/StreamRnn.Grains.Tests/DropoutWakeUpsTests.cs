using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace StreamRnn.Grains.Tests;

/// <summary>
/// The silo's one timer for every sensor's dropout watch, with the fake clock moved by hand and the sensors' wake call
/// recorded (the real call, to a sensor grain, is what <see cref="SensorGrainTests"/> and <see cref="SensorGrainIdleTests"/>
/// exercise through a cluster).
/// </summary>
public sealed class DropoutWakeUpsTests
{
    private static readonly GrainId First = GrainId.Create("sensor", "first");
    private static readonly GrainId Second = GrainId.Create("sensor", "second");

    private readonly FakeTimeProvider _clock = new();
    private readonly List<GrainId> _woken = [];

    private DropoutWakeUps WakeUps(Func<GrainId, int, Task>? wake = null)
    {
        var calls = new Dictionary<GrainId, int>();
        return new DropoutWakeUps(
            sensor =>
            {
                lock (_woken)
                {
                    _woken.Add(sensor);
                    calls[sensor] = calls.GetValueOrDefault(sensor) + 1;
                    return wake?.Invoke(sensor, calls[sensor]) ?? Task.CompletedTask;
                }
            },
            _clock,
            NullLogger<DropoutWakeUps>.Instance);
    }

    [Fact]
    public void WakeAfter_DelayPasses_WakesTheSensorOnceAndForgetsIt()
    {
        using var wakeUps = WakeUps();
        wakeUps.WakeAfter(First, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
        wakeUps.WakeAfter(Second, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(_woken);

        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal([First], _woken);
        Assert.False(wakeUps.IsWaiting(First));
        Assert.True(wakeUps.IsWaiting(Second));

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([First, Second], _woken);
        Assert.Equal(0, wakeUps.Count);
    }

    [Fact]
    public void WakeAfter_AskedAgain_WakesOnlyAtTheNewTime()
    {
        using var wakeUps = WakeUps();
        wakeUps.WakeAfter(First, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
        wakeUps.WakeAfter(First, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([First], _woken);

        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal([First], _woken);
    }

    [Fact]
    public void WakeAfter_MovedLaterByEachReading_WakesOnlyWhenTheSilenceLasts()
    {
        using var wakeUps = WakeUps();
        for (var reading = 0; reading < 10; reading++)
        {
            wakeUps.WakeAfter(First, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
            _clock.Advance(TimeSpan.FromSeconds(3));
        }

        Assert.Empty(_woken);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([First], _woken);
    }

    [Fact]
    public void Cancel_BeforeItIsDue_NeverWakes()
    {
        using var wakeUps = WakeUps();
        wakeUps.WakeAfter(First, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        wakeUps.Cancel(First);
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(_woken);
    }

    [Fact]
    public void Wake_CallFails_TriedAgainAfterTheRetryDelayUntilItSucceeds()
    {
        using var wakeUps = WakeUps((_, call) => call < 3 ? Task.FromException(new TimeoutException("unreachable")) : Task.CompletedTask);
        wakeUps.WakeAfter(First, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(_woken);
        Assert.True(wakeUps.IsWaiting(First));

        _clock.Advance(TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, _woken.Count);
        Assert.False(wakeUps.IsWaiting(First));
    }

    [Fact]
    public void Wake_CallAlwaysFails_GivenUpAfterItsAttempts()
    {
        using var wakeUps = WakeUps((_, _) => Task.FromException(new TimeoutException("unreachable")));
        wakeUps.WakeAfter(First, TimeSpan.Zero, TimeSpan.FromSeconds(1));

        for (var i = 0; i < 20; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(DropoutWakeUps.Attempts, _woken.Count);
        Assert.False(wakeUps.IsWaiting(First));
    }

    [Fact]
    public void Wake_SensorAskedAgainWhileItsCallFailed_KeepsWhatItAskedFor()
    {
        DropoutWakeUps? wakeUps = null;
        using var created = WakeUps((sensor, _) =>
        {
            // As a sensor does: it asks for its next wake-up, and then the call fails on the way back.
            wakeUps!.WakeAfter(sensor, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
            return Task.FromException(new TimeoutException("lost reply"));
        });
        wakeUps = created;
        wakeUps.WakeAfter(First, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Single(_woken);
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(2, _woken.Count);
    }
}
