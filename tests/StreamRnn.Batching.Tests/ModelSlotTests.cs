using Microsoft.Extensions.Logging.Abstractions;
using StreamRnn.Models;
using TorchSharp;

namespace StreamRnn.Batching.Tests;

public sealed class ModelSlotTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SwapAsync_Posted_WakesAnIdleBatcherAndIsServedAtTheNextBoundary()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var metrics = new BatcherMetrics(null);
        var slot = CreateLoaded(metrics);
        var wake = slot.IdleWake();
        Assert.NotNull(wake);

        var swap = slot.SwapAsync(2, null, static () => false, cancellationToken);
        await wake.WaitAsync(Guard, cancellationToken);
        Assert.Null(slot.IdleWake());
        Assert.Equal(1, slot.ModelVersion);
        Assert.False(swap.IsCompleted);
        slot.ApplyPendingSwap();
        await swap.WaitAsync(Guard, cancellationToken);

        Assert.Equal(2, slot.ModelVersion);
        Assert.Equal(2, slot.Current!.ModelVersion);
        Assert.Equal(1, metrics.Swaps);
        Assert.NotNull(slot.IdleWake());
        slot.Release();
    }

    [Fact]
    public async Task SwapAsync_NewerSwapBeforeTheBoundary_SupersedesTheWaitingOne()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var metrics = new BatcherMetrics(null);
        var slot = CreateLoaded(metrics);
        var wake = slot.IdleWake()!;

        var older = slot.SwapAsync(2, null, static () => false, cancellationToken);
        await wake.WaitAsync(Guard, cancellationToken);
        var newer = slot.SwapAsync(3, null, static () => false, cancellationToken);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => older.WaitAsync(Guard, cancellationToken));
        slot.ApplyPendingSwap();
        await newer.WaitAsync(Guard, cancellationToken);

        Assert.Equal(3, slot.ModelVersion);
        Assert.Equal(1, metrics.Swaps);
        slot.Release();
    }

    [Fact]
    public async Task Release_SwapStillWaiting_SupersedesIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var metrics = new BatcherMetrics(null);
        var slot = CreateLoaded(metrics);
        var wake = slot.IdleWake()!;
        var swap = slot.SwapAsync(2, null, static () => false, cancellationToken);
        await wake.WaitAsync(Guard, cancellationToken);

        slot.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => swap.WaitAsync(Guard, cancellationToken));
        Assert.Null(slot.Current);
        Assert.Equal(0, metrics.Swaps);
    }

    [Fact]
    public async Task Load_FactoryThrows_FaultsReadyAndKeepsTheReason()
    {
        using var metrics = new BatcherMetrics(null);
        var options = new ModelOptions { Device = "cpu" };
        var slot = new ModelSlot(options, ModelShape.FromOptions(options), torch.CPU, () => throw new InvalidDataException("bad weights"), metrics, NullLogger.Instance);

        slot.Load();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => slot.Ready);
        Assert.Same(error, slot.Error);
        Assert.IsType<InvalidDataException>(error.InnerException);
        Assert.Null(slot.Current);
    }

    private static ModelSlot CreateLoaded(BatcherMetrics metrics)
    {
        var options = new ModelOptions { Device = "cpu" };
        var slot = new ModelSlot(options, ModelShape.FromOptions(options), torch.CPU, null, metrics, NullLogger.Instance);
        slot.Load();
        Assert.True(slot.Ready.IsCompletedSuccessfully);
        return slot;
    }
}
