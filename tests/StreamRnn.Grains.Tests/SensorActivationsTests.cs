using Microsoft.Extensions.Options;

namespace StreamRnn.Grains.Tests;

/// <summary>The silo's count of active and leaving sensors, and the gate that holds new sensors while too many are leaving.</summary>
public sealed class SensorActivationsTests
{
    private const int MaxLeaving = 10;

    private static SensorActivations Create() => new(Options.Create(new SensorActivationOptions { MaxLeavingPerSilo = MaxLeaving }));

    private static SensorActivations WithLeaving(int leaving)
    {
        var activations = Create();
        for (var i = 0; i < leaving; i++)
        {
            activations.Activated();
            activations.Left();
        }

        return activations;
    }

    [Fact]
    public void Left_ActiveSensor_MovesFromActiveToLeavingUntilGone()
    {
        var activations = Create();
        activations.Activated();
        activations.Activated();
        activations.Left();
        Assert.Equal(1, activations.Count);
        Assert.Equal(1, activations.Leaving);

        activations.Gone();
        Assert.Equal(1, activations.Count);
        Assert.Equal(0, activations.Leaving);
    }

    [Fact]
    public void WaitForRoomAsync_FewerLeavingThanTheLimit_CompletesAtOnce()
    {
        var activations = WithLeaving(MaxLeaving - 1);
        Assert.True(activations.WaitForRoomAsync(TestContext.Current.CancellationToken).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitForRoomAsync_LimitLeaving_WaitsUntilOneIsGone()
    {
        var ct = TestContext.Current.CancellationToken;
        var activations = WithLeaving(MaxLeaving);
        var first = activations.WaitForRoomAsync(ct);
        var second = activations.WaitForRoomAsync(ct);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        Assert.Equal(2, activations.Waiting);

        // One more starts to leave: still no room.
        activations.Activated();
        activations.Left();
        activations.Gone();
        Assert.False(first.IsCompleted);

        activations.Gone();
        await first.WaitAsync(TimeSpan.FromMinutes(1), ct);
        await second.WaitAsync(TimeSpan.FromMinutes(1), ct);
        Assert.Equal(MaxLeaving - 1, activations.Leaving);
        Assert.Equal(0, activations.Waiting);
    }

    [Fact]
    public async Task WaitForRoomAsync_Cancelled_ThrowsAndLeavesNoWaiterBehind()
    {
        var activations = WithLeaving(MaxLeaving);
        using var cancellation = new CancellationTokenSource();
        var waiter = activations.WaitForRoomAsync(cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        Assert.Equal(0, activations.Waiting);

        activations.Gone();
        Assert.True(activations.WaitForRoomAsync(TestContext.Current.CancellationToken).IsCompletedSuccessfully);
    }
}
