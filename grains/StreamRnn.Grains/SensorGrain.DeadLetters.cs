using Microsoft.Extensions.Logging;
using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>Readings a sensor's scoring refuses: dead-lettered one by one, never retried.</summary>
public sealed partial class SensorGrain
{
    private async Task<ApplyResult> ApplyOrDeadLetterAsync(SensorReading reading, CancellationToken cancellationToken)
    {
        try
        {
            return await ApplyFreshAsync([reading], 0, cancellationToken);
        }
        catch (ProcessingFailedException failure)
        {
            await DeadLetterAsync(reading, failure, cancellationToken);
            return new ApplyResult(0, 0, 0);
        }
    }

    /// <summary>
    /// Sends a reading the sensor cannot process to the dead-letter topic and counts it as done (its offset applied):
    /// published before it is marked, so a failure in between sends it again rather than losing it.
    /// </summary>
    private async Task DeadLetterAsync(SensorReading reading, ProcessingFailedException failure, CancellationToken cancellationToken)
    {
        var cause = failure.InnerException!;
        await _deadLetters.PublishAsync(SensorId, reading, $"{cause.GetType().Name}: {cause.Message}", cancellationToken);
        _state.State.AppliedOffsets[reading.Partition] = Math.Max(_state.State.AppliedOffsets.GetValueOrDefault(reading.Partition, -1), reading.Offset);
        _unsaved = true;
        _telemetry.ReadingRejected();
        LogReadingRejected(cause, SensorId, reading.Partition, reading.Offset);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId} could not process the reading at partition {Partition} offset {Offset}; it went to the dead-letter topic (processing-failed) and the stream goes on")]
    private partial void LogReadingRejected(Exception exception, string sensorId, int partition, long offset);
}
