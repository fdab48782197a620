using Microsoft.Extensions.Logging;
using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>Readings a sensor refuses (its scoring cannot take them, or they are not later than its last): dead-lettered one by one, never retried.</summary>
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
        await _services.DeadLetters.PublishAsync(SensorId, reading, ReadingRejection.ProcessingFailed, $"{cause.GetType().Name}: {cause.Message}", cancellationToken);
        MarkRefused(reading);
        LogReadingRejected(cause, SensorId, reading.Partition, reading.Offset);
    }

    /// <summary>
    /// Dead-letters the readings that are not later than the sensor's last (<see cref="ReadingOrder"/>). They are only
    /// published here; <see cref="MarkRefused"/> marks them done once the rest of the batch is kept, so a failure in
    /// between publishes them again rather than losing them.
    /// </summary>
    private async Task DeadLetterUnorderedAsync(List<(SensorReading Reading, bool Duplicate)> refused, CancellationToken cancellationToken)
    {
        var last = Pipeline.State.LastTimestamp;
        foreach (var (reading, duplicate) in refused)
        {
            var (rejection, detail) = duplicate
                ? (ReadingRejection.DuplicateTimestamp, $"The sensor already took a reading at {reading.Timestamp:O}.")
                : (ReadingRejection.OutOfOrder, $"The reading at {reading.Timestamp:O} is earlier than one the sensor took (its last was at {last:O} before this batch).");
            await _services.DeadLetters.PublishAsync(SensorId, reading, rejection, detail, cancellationToken);
            LogReadingUnordered(SensorId, rejection, reading.Partition, reading.Offset);
        }
    }

    /// <summary>Counts a refused reading as done: its offset is applied, so a redelivery skips it.</summary>
    private void MarkRefused(SensorReading reading)
    {
        _state.State.AppliedOffsets[reading.Partition] = Math.Max(_state.State.AppliedOffsets.GetValueOrDefault(reading.Partition, -1), reading.Offset);
        _unsaved = true;
        _services.Telemetry.ReadingRejected();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId} could not process the reading at partition {Partition} offset {Offset}; it went to the dead-letter topic (processing-failed) and the stream goes on")]
    private partial void LogReadingRejected(Exception exception, string sensorId, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId} refused the reading at partition {Partition} offset {Offset} ({Rejection}); it went to the dead-letter topic")]
    private partial void LogReadingUnordered(string sensorId, ReadingRejection rejection, int partition, long offset);
}
