namespace StreamRnn.Telemetry;

/// <summary>
/// Names of the StreamRnn meter, activity source and instruments, shared by every StreamRnn assembly.
/// Instruments are named <c>streamrnn.&lt;noun&gt;.&lt;unit&gt;</c>.
/// </summary>
public static class StreamRnnTelemetry
{
    /// <summary>The name of the StreamRnn <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "StreamRnn";

    /// <summary>The name of the StreamRnn <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "StreamRnn";

    // Ingest (the silo's Kafka consumer).

    /// <summary>Counter: readings consumed from Kafka, valid and invalid.</summary>
    public const string IngestReadings = "streamrnn.readings";

    /// <summary>Counter: invalid readings sent to the dead-letter topic, tagged <c>reason</c>.</summary>
    public const string IngestDeadLettered = "streamrnn.readings.dead_lettered";

    /// <summary>Histogram: messages per dispatched poll.</summary>
    public const string IngestPollSize = "streamrnn.ingest.poll.size";

    /// <summary>Histogram: seconds a consumed poll waited for the dispatcher (behind earlier polls and checkpoints).</summary>
    public const string IngestPollWait = "streamrnn.ingest.poll.wait";

    /// <summary>Histogram: seconds to apply one poll, until every reading in it is applied or dead-lettered.</summary>
    public const string IngestDispatchDuration = "streamrnn.ingest.dispatch.duration";

    /// <summary>Histogram: seconds to persist a checkpoint's sensors and commit its offsets.</summary>
    public const string IngestCheckpointDuration = "streamrnn.ingest.checkpoint.duration";

    /// <summary>Histogram: sensors persisted per ingest checkpoint.</summary>
    public const string IngestCheckpointSensors = "streamrnn.ingest.checkpoint.sensors";

    /// <summary>Counter: replays from the committed offsets after a sensor lost unpersisted readings.</summary>
    public const string IngestRewinds = "streamrnn.ingest.rewinds";

    /// <summary>
    /// Counter: times ingest left read messages uncommitted for a replay (a rewind, partitions revoked or lost before a
    /// checkpoint, a failed commit), tagged <c>cause</c>. Only then can another silo write a dead letter again.
    /// </summary>
    public const string IngestRedeliveries = "streamrnn.ingest.redeliveries";

    /// <summary>Counter: dead letters not written again because this silo had written them before a replay.</summary>
    public const string IngestDeadLettersSkipped = "streamrnn.readings.dead_letters_skipped";

    /// <summary>
    /// Gauge: messages this silo's ingest consumer is behind the end of each partition it is assigned, tagged
    /// <c>topic</c> and <c>partition</c> (from librdkafka's statistics; summed over silos it is the group's lag).
    /// </summary>
    public const string IngestLag = "streamrnn.ingest.lag";

    // The silo.

    /// <summary>Gauge: 1 while this silo's readiness checks pass (<c>/health/ready</c>), 0 otherwise.</summary>
    public const string SiloReady = "streamrnn.silo.ready";

    // Sensors (the sensor grains).

    /// <summary>Gauge: sensors active on this silo (activated, not leaving memory).</summary>
    public const string SensorsActive = "streamrnn.sensors.active";

    /// <summary>Gauge: sensors leaving this silo's memory (deactivation begun, not yet finished by Orleans).</summary>
    public const string SensorsLeaving = "streamrnn.sensors.leaving";

    /// <summary>Gauge: new sensors waiting in their activation while <c>SensorActivation:MaxLeavingPerSilo</c> are leaving.</summary>
    public const string SensorsWaiting = "streamrnn.sensors.waiting";

    /// <summary>Counter: readings applied to sensor state.</summary>
    public const string SensorReadingsApplied = "streamrnn.readings.applied";

    /// <summary>Counter: redelivered readings skipped because their offset was already applied.</summary>
    public const string SensorDuplicates = "streamrnn.readings.duplicates";

    /// <summary>Counter: readings a sensor could not process, dead-lettered as <c>processing-failed</c>.</summary>
    public const string SensorReadingsRejected = "streamrnn.readings.rejected";

    /// <summary>Counter: sensors re-warmed onto another model version.</summary>
    public const string SensorModelSwitches = "streamrnn.sensor.model.switches";

    // Alerts.

    /// <summary>Counter: alert events started (updates and ends are not counted), tagged <c>kind</c>.</summary>
    public const string Alerts = "streamrnn.alerts";

    /// <summary>Counter: alert lifecycle transitions (opened, acknowledged, resolved, suppressed), tagged <c>transition</c>, <c>kind</c> and <c>by</c> (<c>sensor</c> or <c>person</c>).</summary>
    public const string AlertTransitions = "streamrnn.alerts.transitions";

    // Fine-tuning.

    /// <summary>Counter: fine-tuning rounds and gated promotions, tagged <c>outcome</c> and <c>trigger</c>.</summary>
    public const string TrainingRounds = "streamrnn.training.rounds";

    /// <summary>Histogram: wall time of one fine-tuning job on its trainer, tagged <c>device</c>.</summary>
    public const string TrainingDuration = "streamrnn.training.duration";

    /// <summary>Counter: training windows sensors contributed.</summary>
    public const string TrainingWindows = "streamrnn.training.windows";

    // The inference batcher.

    /// <summary>Histogram: requests per batched forward (<c>{request}</c>).</summary>
    public const string InferenceBatchSize = "streamrnn.inference.batch.size";

    /// <summary>Histogram: total steps per batched forward (<c>{step}</c>).</summary>
    public const string InferenceBatchSteps = "streamrnn.inference.batch.steps";

    /// <summary>Histogram: wall time of one batched forward, copies included (ms).</summary>
    public const string InferenceDuration = "streamrnn.inference.duration";

    /// <summary>Histogram: time a request waited before its forward started (ms).</summary>
    public const string InferenceQueueDuration = "streamrnn.inference.queue.duration";

    /// <summary>Counter: steps run through the model (<c>{step}</c>).</summary>
    public const string InferenceSteps = "streamrnn.inference.steps";

    /// <summary>Counter: switches to other weights (<c>{swap}</c>).</summary>
    public const string InferenceSwaps = "streamrnn.inference.swaps";

    /// <summary>Counter: steps whose batched forward failed (<c>{step}</c>).</summary>
    public const string InferenceStepsFailed = "streamrnn.inference.steps.failed";

    /// <summary>Counter: step requests failed because no model version had a finite answer for them (<c>{request}</c>).</summary>
    public const string InferenceNonFinite = "streamrnn.inference.nonfinite";

    /// <summary>Counter: versions a batcher dropped for forecasting NaN or infinity, serving the one before again (<c>{fallback}</c>).</summary>
    public const string InferenceFallbacks = "streamrnn.inference.fallbacks";

    // The pool across silos.

    /// <summary>Counter: steps this silo's sensors sent to a pool grain on an accelerator silo (<c>{step}</c>).</summary>
    public const string InferencePoolSent = "streamrnn.inference.pool.sent";

    /// <summary>Counter: steps this silo's pool grains ran for sensors on other silos (<c>{step}</c>).</summary>
    public const string InferencePoolServed = "streamrnn.inference.pool.served";

    /// <summary>Counter: step calls to an accelerator silo that failed and ran on the sensor's own silo instead (<c>{call}</c>).</summary>
    public const string InferencePoolRetries = "streamrnn.inference.pool.retries";
}
