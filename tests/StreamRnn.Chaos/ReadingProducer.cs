using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using StreamRnn.Kafka;

namespace StreamRnn.Chaos;

/// <summary>
/// Writes the synthetic input to the readings topic at a steady rate through an idempotent producer
/// (acks=all), in input order, and records every delivery in a <see cref="ProductionLedger"/>.
/// </summary>
internal sealed class ReadingProducer
{
    /// <summary>Readings are released in small slices this often, so the rate is steady at the scale of a kill interval.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromMilliseconds(50);

    private readonly SyntheticSeries _series;
    private readonly string _bootstrapServers;
    private readonly string _topic;
    private readonly TimeProvider _timeProvider;

    public ReadingProducer(SyntheticSeries series, string bootstrapServers, string topic, TimeProvider timeProvider)
    {
        _series = series;
        _bootstrapServers = bootstrapServers;
        _topic = topic;
        _timeProvider = timeProvider;
        Ledger = new ProductionLedger(series.Sensors);
    }

    /// <summary>The deliveries so far (complete once <see cref="ProduceAsync"/> has returned).</summary>
    public ProductionLedger Ledger { get; }

    /// <summary>Produces every reading at <paramref name="readingsPerSecond"/>, then waits for every delivery report.</summary>
    public async Task<ProductionLedger> ProduceAsync(double readingsPerSecond, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var ledger = Ledger;
        var config = new ProducerConfig
        {
            BootstrapServers = _bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            ClientId = "streamrnn-chaos-producer",
        };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        var started = _timeProvider.GetTimestamp();
        long next = 0;
        using var timer = new PeriodicTimer(Tick, _timeProvider);
        while (next < _series.Readings)
        {
            var due = Math.Min(_series.Readings, (long)(_timeProvider.GetElapsedTime(started).TotalSeconds * readingsPerSecond) + 1);
            for (; next < due; next++)
            {
                var (sensor, timestamp, value) = _series.Reading(next);
                var message = new Message<string, byte[]> { Key = _series.SensorId(sensor), Value = ReadingCodec.Serialize(timestamp, [value]) };
                Produce(producer, message, sensor, ledger);
            }

            progress?.Report(next);
            if (next < _series.Readings && !await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        await Task.Run(() => producer.Flush(cancellationToken), cancellationToken).ConfigureAwait(false);
        progress?.Report(next);
        return ledger;
    }

    private void Produce(IProducer<string, byte[]> producer, Message<string, byte[]> message, int sensor, ProductionLedger ledger)
    {
        while (true)
        {
            try
            {
                producer.Produce(_topic, message, report =>
                {
                    if (report.Error.IsError)
                    {
                        ledger.DeliveryFailed();
                    }
                    else
                    {
                        ledger.Record(sensor, report.Partition.Value, report.Offset.Value);
                    }
                });
                return;
            }
            catch (ProduceException<string, byte[]> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(QueueFullWait);
            }
        }
    }
}
