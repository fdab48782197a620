using Confluent.Kafka;

namespace StreamRnn.Chaos;

/// <summary>
/// How far a consumer group has committed on the readings topic. Committed means durable (ingest commits a
/// partition only after every sensor that applied its readings has persisted), so a group whose committed offsets
/// have reached the end of the log on every partition has made the whole input durable.
/// </summary>
internal sealed class ConsumerGroupProgress : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollPeriod = TimeSpan.FromSeconds(1);

    private readonly IConsumer<Ignore, Ignore> _consumer;
    private readonly string _topic;
    private readonly TimeProvider _timeProvider;

    public ConsumerGroupProgress(string bootstrapServers, string group, string topic, TimeProvider timeProvider)
    {
        // Never subscribes, so it never joins the group; it only reads the group's committed offsets.
        _consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
            ClientId = "streamrnn-chaos-progress",
        }).Build();
        _topic = topic;
        _timeProvider = timeProvider;
    }

    /// <summary>Messages of <paramref name="partitions"/> past the group's committed offsets (the lag).</summary>
    public long Lag(IReadOnlyList<int> partitions)
    {
        var topicPartitions = partitions.Select(p => new TopicPartition(_topic, p)).ToList();
        var committed = _consumer.Committed(topicPartitions, RequestTimeout).ToDictionary(c => c.Partition.Value, c => c.Offset);
        long lag = 0;
        foreach (var partition in topicPartitions)
        {
            var end = _consumer.QueryWatermarkOffsets(partition, RequestTimeout).High.Value;
            var done = committed.TryGetValue(partition.Partition.Value, out var offset) && offset != Offset.Unset ? offset.Value : 0;
            lag += Math.Max(0, end - done);
        }

        return lag;
    }

    /// <summary>Polls until the lag on <paramref name="partitions"/> is 0; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilCaughtUpAsync(IReadOnlyList<int> partitions, TimeSpan timeout, Action<long>? report, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        using var timer = new PeriodicTimer(PollPeriod, _timeProvider);
        long lag;
        do
        {
            lag = await Task.Run(() => Lag(partitions), cancellationToken).ConfigureAwait(false);
            report?.Invoke(lag);
            if (lag == 0)
            {
                return;
            }

            if (_timeProvider.GetElapsedTime(started) > timeout)
            {
                throw new ChaosSetupException(FormattableString.Invariant($"The consumer group still had {lag} uncommitted readings after {timeout.TotalSeconds:F0} s."));
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    public void Dispose() => _consumer.Dispose();
}
