using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Training;

/// <summary>
/// Once the silo has started, makes sure the model group's coordinator has its durable reminder (idempotent:
/// every silo does it, and the reminder itself survives silo restarts).
/// </summary>
public sealed partial class FineTuningScheduleService(
    IGrainFactory grainFactory,
    IOptions<FineTuningOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<FineTuningScheduleService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var group = options.Value.Group;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grainFactory.GetGrain<IFineTuningCoordinatorGrain>(group).EnsureScheduledAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Retried until it works; the reason is logged.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogScheduleFailed(exception, group);
            }

            try
            {
                await Task.Delay(RetryDelay, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model group {Group}: could not register the fine-tuning reminder yet; retrying")]
    private partial void LogScheduleFailed(Exception exception, string group);
}
