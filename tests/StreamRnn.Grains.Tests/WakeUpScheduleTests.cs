namespace StreamRnn.Grains.Tests;

public sealed class WakeUpScheduleTests
{
    [Fact]
    public void TakeDue_SomeDue_TakesThemEarliestFirstAndSaysWhenTheNextIsDue()
    {
        var schedule = new WakeUpSchedule<string, int>();
        schedule.Schedule("c", 30, 3);
        schedule.Schedule("a", 10, 1);
        schedule.Schedule("b", 20, 2);
        var due = new List<(string Key, int Value)>();

        var next = schedule.TakeDue(20, due);

        Assert.Equal([("a", 1), ("b", 2)], due);
        Assert.Equal(30, next);
        Assert.Equal(1, schedule.Count);
        Assert.False(schedule.Contains("a"));
    }

    [Fact]
    public void TakeDue_NoneWaiting_ReturnsNull()
    {
        var due = new List<(string Key, int Value)>();

        Assert.Null(new WakeUpSchedule<string, int>().TakeDue(100, due));
        Assert.Empty(due);
    }

    [Fact]
    public void Schedule_SameKeyAgain_ReplacesItsWakeUpEitherWay()
    {
        var schedule = new WakeUpSchedule<string, int>();
        schedule.Schedule("later", 10, 1);
        schedule.Schedule("later", 50, 2);
        schedule.Schedule("sooner", 50, 3);
        schedule.Schedule("sooner", 5, 4);
        var due = new List<(string Key, int Value)>();

        Assert.Equal(50, schedule.TakeDue(10, due));
        Assert.Equal([("sooner", 4)], due);

        due.Clear();
        Assert.Null(schedule.TakeDue(50, due));
        Assert.Equal([("later", 2)], due);
    }

    [Fact]
    public void Schedule_MovedLaterAgainAndAgain_AddsNoEntryAndWakesOnceAtTheLastTime()
    {
        // A sensor that keeps reading moves its dropout wake-up on at every call.
        var schedule = new WakeUpSchedule<string, int>();
        for (var call = 0; call < 1_000; call++)
        {
            schedule.Schedule("reading", 10 + call, call);
        }

        Assert.Equal(1, schedule.QueuedEntries);
        var due = new List<(string Key, int Value)>();
        Assert.Equal(1_009, schedule.TakeDue(500, due));
        Assert.Empty(due);
        Assert.Null(schedule.TakeDue(1_009, due));
        Assert.Equal([("reading", 999)], due);
    }

    [Fact]
    public void Schedule_ReturnsWhetherItIsNowTheEarliest()
    {
        var schedule = new WakeUpSchedule<string, int>();

        Assert.True(schedule.Schedule("a", 20, 0));
        Assert.False(schedule.Schedule("b", 30, 0));
        Assert.True(schedule.Schedule("c", 10, 0));
        Assert.False(schedule.Schedule("c", 15, 0)); // moved later: its entry at 10 still comes first
    }

    [Fact]
    public void Cancel_WaitingKey_IsNeverTaken()
    {
        var schedule = new WakeUpSchedule<string, int>();
        schedule.Schedule("kept", 10, 1);
        schedule.Schedule("cancelled", 5, 2);

        schedule.Cancel("cancelled");
        var due = new List<(string Key, int Value)>();

        Assert.Null(schedule.TakeDue(100, due));
        Assert.Equal([("kept", 1)], due);
    }

    [Fact]
    public void Schedule_KeysMovedSoonerAgainAndAgain_QueueStaysWithinTwiceTheKeysWaitingAndALittle()
    {
        // Each wake-up moved sooner gets an entry of its own: the ones it replaced must not pile up.
        var schedule = new WakeUpSchedule<int, int>();
        for (var round = 0; round < 100; round++)
        {
            for (var key = 0; key < 100; key++)
            {
                schedule.Schedule(key, 1_000_000 - round, round);
            }
        }

        Assert.Equal(100, schedule.Count);
        Assert.InRange(schedule.QueuedEntries, 100, (2 * 100) + 1_024 + 1);
        var due = new List<(int Key, int Value)>();
        Assert.Null(schedule.TakeDue(long.MaxValue, due));
        Assert.Equal(100, due.Count);
        Assert.All(due, wakeUp => Assert.Equal(99, wakeUp.Value));
    }
}
