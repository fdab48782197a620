using StreamRnn.Silo.Demo;

namespace StreamRnn.Silo.Tests.Demo;

public sealed class DemoSamplingClockTests
{
    private static readonly DateTimeOffset Origin = new(2026, 12, 6, 22, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly double[] JitteredTicks = [1.03, 2.2, 3.0, 4.49];
    private static readonly double[] TicksAroundTheirInstants = [0.999, 2.001, 2.999, 4.0, 4.99];

    private static DateTimeOffset At(double intervals) => Origin + (intervals * Interval);

    [Fact]
    public void TicksWithJitter_StampEachStepAtTheInstantItWasDue()
    {
        var clock = new DemoSamplingClock(Origin, Interval);

        var taken = JitteredTicks.Select(tick => (Taken: clock.TryTakeDueStep(At(tick), out var step, out var sampledAt), step, sampledAt)).ToList();

        Assert.All(taken, t => Assert.True(t.Taken));
        Assert.Equal([0L, 1L, 2L, 3L], taken.Select(t => t.step));
        Assert.Equal([At(1), At(2), At(3), At(4)], taken.Select(t => t.sampledAt));
    }

    [Fact]
    public void TicksAMomentEarlyOrLate_LoseNoStep()
    {
        var clock = new DemoSamplingClock(Origin, Interval);

        var steps = TicksAroundTheirInstants.Select(tick => (Taken: clock.TryTakeDueStep(At(tick), out var step, out _), step)).ToList();

        Assert.All(steps, s => Assert.True(s.Taken));
        Assert.Equal([0L, 1L, 2L, 3L, 4L], steps.Select(s => s.step));
    }

    [Fact]
    public void CoalescedTickAfterALateOne_SendsNothing_SoNoTwoStampsAreCloserThanTheInterval()
    {
        var clock = new DemoSamplingClock(Origin, Interval);

        Assert.True(clock.TryTakeDueStep(At(1.45), out var late, out var lateStamp));
        Assert.False(clock.TryTakeDueStep(At(1.47), out _, out _));
        Assert.True(clock.TryTakeDueStep(At(2.0), out var next, out var nextStamp));

        Assert.Equal((0L, At(1)), (late, lateStamp));
        Assert.Equal((1L, At(2)), (next, nextStamp));
        Assert.Equal(Interval, nextStamp - lateStamp);
    }

    [Fact]
    public void StallOfSeveralIntervals_SkipsTheStepsItMissed_AndStampsTheDueOneOnItsInstant()
    {
        var clock = new DemoSamplingClock(Origin, Interval);
        Assert.True(clock.TryTakeDueStep(At(1), out _, out _));

        Assert.True(clock.TryTakeDueStep(At(4.2), out var step, out var sampledAt));

        Assert.Equal(3L, step);
        Assert.Equal(At(4), sampledAt);
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(0.49)]
    public void TickBeforeTheFirstInterval_HasNothingDue(double intervals)
    {
        var clock = new DemoSamplingClock(Origin, Interval);

        Assert.False(clock.TryTakeDueStep(At(intervals), out _, out _));
        Assert.True(clock.TryTakeDueStep(At(1), out var step, out _));
        Assert.Equal(0L, step);
    }

    [Fact]
    public void NonPositiveInterval_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DemoSamplingClock(Origin, TimeSpan.Zero));
}
