using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace StreamRnn.Grains;

/// <summary>When a sensor's state is written: at ingest checkpoints and at deactivation; and the check that it holds what ingest delivered.</summary>
public sealed partial class SensorGrain
{
    public async ValueTask<bool> CheckpointAsync(ImmutableDictionary<int, long> delivered, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        if (!Includes(delivered))
        {
            LogStateLost(SensorId);
            LeaveIfOverCap();
            return false;
        }

        if (_unsaved)
        {
            try
            {
                await _state.WriteStateAsync(cancellationToken);
            }
            catch (InconsistentStateException)
            {
                // Someone else wrote this sensor's state (a second activation during a membership change): this one's
                // state is not the truth. Deactivate, so the caller's retry reloads it and finds what it holds.
                DeactivateOnIdle();
                throw;
            }

            _unsaved = false;
        }

        LeaveIfOverCap();
        return true;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StartLeaving();
        ForgetDropoutWatch();
        // What was applied since the last checkpoint is kept, so an idle or migrating sensor never needs a replay.
        if (_unsaved)
        {
            try
            {
                await _state.WriteStateAsync(cancellationToken);
                _unsaved = false;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Not fatal: the offsets of those readings are not committed until a checkpoint, so they are replayed.
                LogDeactivationWriteFailed(exception, SensorId, reason.ReasonCode);
            }
        }
    }

    /// <summary>Whether this sensor has applied every offset <paramref name="delivered"/> names.</summary>
    private bool Includes(ImmutableDictionary<int, long> delivered)
    {
        foreach (var (partition, offset) in delivered)
        {
            if (_state.State.AppliedOffsets.GetValueOrDefault(partition, -1) < offset)
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId} lost readings it had applied but not persisted (reactivated from an older checkpoint); the sender replays them")]
    private partial void LogStateLost(string sensorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId}: writing its state at deactivation ({Reason}) failed; its uncommitted readings will be replayed")]
    private partial void LogDeactivationWriteFailed(Exception exception, string sensorId, DeactivationReasonCode reason);
}
