using System.Diagnostics;

namespace StreamRnn.Telemetry;

/// <summary>
/// The StreamRnn <see cref="ActivitySource"/> and the names of its spans: one trace per reading's journey, from the
/// producer's span (its W3C <c>traceparent</c> header) through ingest, the sensor grain (Orleans carries the trace on
/// grain calls), the inference batcher, and the alert and score publishes (which carry it on in their headers).
/// Callers start a span only when <see cref="ActivitySource.HasListeners"/> is true, so a silo without a tracer
/// allocates nothing for it per reading.
/// </summary>
public static class StreamRnnActivities
{
    /// <summary>The source every StreamRnn span comes from (<see cref="StreamRnnTelemetry.ActivitySourceName"/>).</summary>
    public static readonly ActivitySource Source = new(StreamRnnTelemetry.ActivitySourceName);

    /// <summary>One poll of the ingest consumer: a root span linked to (up to 32 of) its messages' producers.</summary>
    public const string IngestPoll = "ingest poll";

    /// <summary>
    /// One sensor grain call of ingest (consumer span): a child of the first of its readings' producer spans, linked to
    /// the others' (one reading per call keeps one trace per reading; see <c>Ingest:MaxReadingsPerCall</c>).
    /// </summary>
    public const string IngestApply = "ingest apply";

    /// <summary>One step request to the inference batcher, from its queueing to its batched forward's answer.</summary>
    public const string InferenceStep = "inference step";

    /// <summary>An alert written to the alerts topic (producer span; its context goes on in the message's headers).</summary>
    public const string AlertPublish = "alerts publish";

    /// <summary>A call's scores written to the scores topic (producer span; its context goes on in the messages' headers).</summary>
    public const string ScorePublish = "scores publish";
}
