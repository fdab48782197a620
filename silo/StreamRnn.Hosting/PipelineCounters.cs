using System.Globalization;
using StreamRnn.Batching;
using StreamRnn.Grains;
using StreamRnn.Hosting.Ingest;

namespace StreamRnn.Hosting;

/// <summary>
/// The closing summary line of this silo, read from the totals each area's metrics keep: readings applied and
/// alert events started (<see cref="SensorTelemetry"/>), readings dead-lettered (<see cref="IngestTelemetry"/>),
/// and its batcher's model version, weight switches and failed steps. Counts nothing itself.
/// </summary>
public sealed class PipelineCounters(SensorTelemetry sensors, IngestTelemetry ingest, IInferenceBatcher batcher)
{
    /// <summary>Readings applied by the sensors on this silo.</summary>
    public long Readings => sensors.ReadingsAppliedTotal;

    /// <summary>Alert events started by the sensors on this silo (their updates and ends are not counted).</summary>
    public long Alerts => sensors.AlertsRaisedTotal;

    /// <summary>Readings this silo's ingest wrote to the dead-letter topic.</summary>
    public long DeadLettered => ingest.DeadLetteredTotal;

    /// <summary>The summary line printed when the silo stops.</summary>
    public string Summary() =>
        string.Create(CultureInfo.InvariantCulture, $"readings={Readings} alerts={Alerts} dlq={DeadLettered} modelVersion={batcher.ModelVersion} swaps={batcher.Swaps} failedSteps={batcher.FailedSteps}");
}
