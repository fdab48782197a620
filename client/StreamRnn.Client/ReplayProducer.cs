using System.Diagnostics;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using StreamRnn.Kafka;

namespace StreamRnn.Client;

/// <summary>
/// Replays series files into the readings topic, one file per sensor, in file order, at a given rate
/// (readings per second, all files together) or as fast as Kafka takes them.
/// </summary>
public sealed class ReplayProducer : IDisposable
{
    /// <summary>How long to serve delivery reports when the producer's queue is full before trying again.</summary>
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromMilliseconds(50);

    private readonly IProducer<string, byte[]> _producer;
    private readonly string _topic;
    private readonly TimeProvider _timeProvider;
    private long _failed;

    public ReplayProducer(ProducerConfig config, string topic, TimeProvider? timeProvider = null)
    {
        _producer = new ProducerBuilder<string, byte[]>(config).Build();
        _topic = topic;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Readings Kafka refused (after its own retries).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Produces one file's rows as readings of <paramref name="sensorId"/>; returns how many.</summary>
    public async Task<long> ReplayAsync(string path, string sensorId, double readingsPerSecond, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        long sent = 0;
        var started = _timeProvider.GetTimestamp();
        await foreach (var point in CsvSeriesReader.ReadAsync(path, cancellationToken).ConfigureAwait(false))
        {
            Produce(sensorId, point.Timestamp, point.Values);
            sent++;
            if (readingsPerSecond > 0)
            {
                var due = TimeSpan.FromSeconds(sent / readingsPerSecond) - _timeProvider.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }

            if (sent % 1_000 == 0)
            {
                progress?.Report(sent);
            }
        }

        progress?.Report(sent);
        return sent;
    }

    /// <summary>Produces one reading (asynchronously; <see cref="Flush"/> waits for delivery).</summary>
    public void Produce(string sensorId, DateTimeOffset timestamp, ReadOnlySpan<double> values)
    {
        var message = new Message<string, byte[]> { Key = sensorId, Value = ReadingCodec.Serialize(timestamp, values), Headers = [] };
        KafkaTraceContext.Inject(Activity.Current, message.Headers);
        while (true)
        {
            try
            {
                _producer.Produce(_topic, message, OnDelivered);
                return;
            }
            catch (ProduceException<string, byte[]> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(QueueFullWait);
            }
        }
    }

    /// <summary>Waits until every reading produced so far is delivered or failed.</summary>
    public void Flush(CancellationToken cancellationToken) => _producer.Flush(cancellationToken);

    public void Dispose() => _producer.Dispose();

    private void OnDelivered(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
