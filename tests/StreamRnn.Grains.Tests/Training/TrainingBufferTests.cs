using StreamRnn.Contracts;
using StreamRnn.Grains.Training;

namespace StreamRnn.Grains.Tests.Training;

public sealed class TrainingBufferTests
{
    private static TrainingWindow Window(string sensor, long end) => new(sensor, [0f, 1f], 2, 1, end);

    [Fact]
    public void Add_MoreThanWindowsPerSensor_KeepsOnlyThatSensorsNewest()
    {
        var buffer = new TrainingBuffer(capacity: 100, windowsPerSensor: 3);

        for (var end = 1; end <= 10; end++)
        {
            buffer.Add(Window("busy", end));
        }

        var (train, validation) = buffer.Draw(100);
        Assert.Equal(3, buffer.Count);
        Assert.Equal([10L], validation.Select(w => w.EndReading));
        Assert.Equal([9L, 8L], train.Select(w => w.EndReading));
    }

    [Fact]
    public void Add_SameSensorAndEndReadingAgain_KeepsOneWindow()
    {
        var buffer = new TrainingBuffer(capacity: 100, windowsPerSensor: 5);

        var first = buffer.Add(Window("replayed", 7));
        var again = buffer.Add(Window("replayed", 7));
        var other = buffer.Add(Window("other", 7));

        Assert.True(first);
        Assert.False(again);
        Assert.True(other);
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public void Add_BeyondCapacity_EvictsFromTheSensorHoldingMost()
    {
        var buffer = new TrainingBuffer(capacity: 6, windowsPerSensor: 5);
        for (var end = 1; end <= 5; end++)
        {
            buffer.Add(Window("busy", end));
        }

        buffer.Add(Window("quiet-1", 1));
        buffer.Add(Window("quiet-2", 1));

        Assert.Equal(6, buffer.Count);
        Assert.Equal(3, buffer.Sensors);
        var (train, validation) = buffer.Draw(100);
        Assert.Equal(4, train.Concat(validation).Count(w => w.SensorId == "busy"));
    }

    [Fact]
    public void Draw_OneBusySensorAmongQuietOnes_TakesWindowsRoundRobinSoItCannotDominate()
    {
        var buffer = new TrainingBuffer(capacity: 1000, windowsPerSensor: 50);
        for (var end = 1; end <= 50; end++)
        {
            buffer.Add(Window("busy", end));
        }

        for (var sensor = 0; sensor < 10; sensor++)
        {
            buffer.Add(Window($"quiet-{sensor}", 1));
            buffer.Add(Window($"quiet-{sensor}", 2));
        }

        var (train, validation) = buffer.Draw(maxTrain: 20);

        // Every quiet window is used before the busy sensor gets more than its turns.
        Assert.Equal(20, train.Count);
        Assert.Equal(16, train.Count(w => w.SensorId != "busy"));
        Assert.Equal(4, train.Count(w => w.SensorId == "busy"));
        Assert.Equal(5, validation.Count);
        Assert.All(validation, w => Assert.Equal(w.SensorId == "busy" ? 50 : 2, w.EndReading));
    }

    [Fact]
    public void Draw_ManySensorsWithOneWindowEach_HoldsOutEveryFifthSensorsWindow()
    {
        var buffer = new TrainingBuffer(capacity: 1000, windowsPerSensor: 8);
        for (var sensor = 0; sensor < 100; sensor++)
        {
            buffer.Add(Window($"sensor-{sensor:D3}", 1));
        }

        var (train, validation) = buffer.Draw(maxTrain: 1000);

        Assert.Equal(20, validation.Count);
        Assert.Equal(80, train.Count);
        Assert.Empty(train.Select(w => w.SensorId).Intersect(validation.Select(w => w.SensorId)));
    }
}
