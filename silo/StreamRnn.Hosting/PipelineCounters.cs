using System.Globalization;
using StreamRnn.Batching;

namespace StreamRnn.Hosting;

/// <summary>
/// Totals of this silo for the closing summary line: readings applied, alerts raised, readings dead-lettered,
/// and its batcher's model version, weight switches and failed steps.
/// </summary>
public sealed class PipelineCounters(IInferenceBatcher batcher)
{
    private long _readings;
    private long _duplicates;
    private long _alerts;
    private long _deadLettered;

    public long Readings => Interlocked.Read(ref _readings);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Alerts => Interlocked.Read(ref _alerts);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    public void AddReadings(long count) => Interlocked.Add(ref _readings, count);

    public void AddDuplicates(long count) => Interlocked.Add(ref _duplicates, count);

    public void AddAlert() => Interlocked.Increment(ref _alerts);

    public void AddDeadLettered() => Interlocked.Increment(ref _deadLettered);

    /// <summary>The summary line printed when the silo stops.</summary>
    public string Summary() =>
        string.Create(CultureInfo.InvariantCulture, $"readings={Readings} alerts={Alerts} dlq={DeadLettered} modelVersion={batcher.ModelVersion} swaps={batcher.Swaps} failedSteps={batcher.FailedSteps}");
}
