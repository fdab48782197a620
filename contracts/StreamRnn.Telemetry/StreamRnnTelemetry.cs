namespace StreamRnn.Telemetry;

/// <summary>
/// Names of the StreamRnn meter and activity source, shared by every StreamRnn assembly.
/// Instruments are named <c>streamrnn.&lt;noun&gt;.&lt;unit&gt;</c>.
/// </summary>
public static class StreamRnnTelemetry
{
    /// <summary>The name of the StreamRnn <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "StreamRnn";

    /// <summary>The name of the StreamRnn <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "StreamRnn";

    // ---- Inference batcher instruments (StreamRnn.Batching) ----

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

    // ---- End of inference batcher instruments ----
}
