using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StreamRnn.Kafka;

namespace StreamRnn.Silo.Demo;

/// <summary>
/// Writes the demo fleet's readings to the readings topic, one reading per sensor per interval, stamped with the
/// instant its step was due (<see cref="DemoSamplingClock"/>), with an occasional malformed message so the
/// dead-letter path shows too.
/// </summary>
public sealed partial class DemoFleetService : BackgroundService
{
    private static readonly string[] MalformedValues =
    [
        "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":",
        "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":\"NaN\"}",
        "{\"timestamp\":\"yesterday\",\"value\":1.5}",
        "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":[1.5,2.5]}",
        "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":\"high\"}",
    ];

    private readonly IKafkaConnection _connection;
    private readonly KafkaOptions _kafkaOptions;
    private readonly DemoFleetOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<DemoFleetService> _logger;

    public DemoFleetService(IKafkaConnection connection, IOptions<KafkaOptions> kafkaOptions, IOptions<DemoFleetOptions> options, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILogger<DemoFleetService> logger)
    {
        ArgumentNullException.ThrowIfNull(kafkaOptions);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _kafkaOptions = kafkaOptions.Value;
        _options = options.Value;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!(_options.Enabled ?? _connection.IsEmbedded))
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await _connection.EnsureTopicsAsync(stoppingToken);
        var failsAtStep = (long)(_options.FailuresAfter / _options.Interval);
        var fleet = SyntheticFleet.Create(_options.Sensors, failsAtStep, _options.Seed);
        foreach (var sensor in fleet.Where(s => s.Failure != SensorFailure.None))
        {
            LogFailingSensor(sensor.Id, sensor.Failure, sensor.FailsAtStep * _options.Interval);
        }

        LogFleetStarted(fleet.Count, _options.Interval, _kafkaOptions.ReadingsTopic);
        using var producer = new ProducerBuilder<string, byte[]>(_connection.CreateProducerConfig()).Build();
        var clock = new DemoSamplingClock(_timeProvider.GetUtcNow(), _options.Interval);
        using var timer = new PeriodicTimer(_options.Interval, _timeProvider);
        long messages = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!clock.TryTakeDueStep(_timeProvider.GetUtcNow(), out var step, out var sampledAt))
                {
                    continue;
                }

                foreach (var sensor in fleet)
                {
                    if (sensor.ValueAt(step) is not { } value)
                    {
                        continue;
                    }

                    messages++;
                    var payload = _options.InvalidEvery > 0 && messages % _options.InvalidEvery == 0
                        ? Encoding.UTF8.GetBytes(MalformedValues[(messages / _options.InvalidEvery) % MalformedValues.Length])
                        : ReadingCodec.Serialize(sampledAt, [value]);
                    producer.Produce(_kafkaOptions.ReadingsTopic, new Message<string, byte[]> { Key = sensor.Id, Value = payload }, OnDelivered);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            producer.Flush(TimeSpan.FromSeconds(10));
        }
    }

    private void OnDelivered(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            LogDeliveryFailed(report.Key, report.Error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo fleet: {Sensors} sensors, one reading each every {Interval}, on {Topic}")]
    private partial void LogFleetStarted(int sensors, TimeSpan interval, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo fleet: sensor {SensorId} will fail ({Failure}) after {After}")]
    private partial void LogFailingSensor(string sensorId, SensorFailure failure, TimeSpan after);

    [LoggerMessage(Level = LogLevel.Error, Message = "Demo fleet: a reading of {SensorId} was not delivered: {Reason}")]
    private partial void LogDeliveryFailed(string sensorId, string reason);
}
