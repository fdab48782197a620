using System.Diagnostics;
using System.Diagnostics.Metrics;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Hosting.Ingest;

/// <summary>Ingest instruments: readings consumed and dead-lettered, poll batch sizes.</summary>
public sealed class IngestTelemetry
{
    public static readonly ActivitySource ActivitySource = new(StreamRnnTelemetry.ActivitySourceName);

    private readonly Counter<long> _consumed;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<int> _pollSize;

    public IngestTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(StreamRnnTelemetry.MeterName);
        _consumed = meter.CreateCounter<long>("streamrnn.readings", "{reading}", "Readings consumed from Kafka (valid and invalid).");
        _deadLettered = meter.CreateCounter<long>("streamrnn.readings.dead_lettered", "{reading}", "Invalid readings sent to the dead-letter topic, by reason.");
        _pollSize = meter.CreateHistogram<int>("streamrnn.ingest.poll.size", "{message}", "Messages per dispatched poll.");
    }

    public void Consumed(int count) => _consumed.Add(count);

    public void DeadLettered(string reason) => _deadLettered.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Polled(int count) => _pollSize.Record(count);
}
