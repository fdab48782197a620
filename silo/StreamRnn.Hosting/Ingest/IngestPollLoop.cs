using System.Threading.Channels;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// The consume side of ingest: a dedicated thread (Consume blocks) collects messages into polls and queues
/// them for the dispatcher, at most <see cref="Capacity"/> polls ahead of it. Polls leave the queue in the
/// order they were consumed; the dispatcher hands each one's slot back with <see cref="Dispatched"/>.
/// </summary>
internal sealed partial class IngestPollLoop : IDisposable
{
    /// <summary>The most polls consumed but not yet dispatched.</summary>
    public const int Capacity = 2;

    private readonly IngestOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<List<ConsumeResult<byte[]?, byte[]?>>> _polls =
        Channel.CreateUnbounded<List<ConsumeResult<byte[]?, byte[]?>>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    // Back-pressure: the consume thread takes a slot (a blocking wait is right on that dedicated
    // thread); the dispatcher returns it.
    private readonly SemaphoreSlim _pollSlots = new(Capacity, Capacity);

    // Partitions revoked while a poll was being collected (set and read on the consume thread only).
    private HashSet<TopicPartition>? _revokedDuringPoll;

    private Thread? _thread;

    public IngestPollLoop(IngestOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The polls to dispatch, one after another; completes when the consume thread ends.</summary>
    public ChannelReader<List<ConsumeResult<byte[]?, byte[]?>>> Polls => _polls.Reader;

    /// <summary>Starts the consume thread; it runs until <paramref name="stoppingToken"/> is cancelled or a fatal error.</summary>
    public void Start(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        _thread = new Thread(() => Run(consumer, stoppingToken))
        {
            IsBackground = true,
            Name = "StreamRnn Kafka ingest",
        };
        _thread.Start();
    }

    /// <summary>Waits for the consume thread to end.</summary>
    public void Join() => _thread?.Join();

    /// <summary>The dispatcher is done with a poll: its slot is free again.</summary>
    public void Dispatched() => _pollSlots.Release();

    /// <summary>
    /// Called from the revoke handler, which runs on the consume thread inside Consume and so holds one slot
    /// itself: waits (up to 30 s) until the dispatcher has finished every other poll.
    /// </summary>
    public void WaitForDispatcher()
    {
        var deadline = _timeProvider.GetTimestamp();
        var spinner = new SpinWait();
        while (_pollSlots.CurrentCount < Capacity - 1 && _timeProvider.GetElapsedTime(deadline) < TimeSpan.FromSeconds(30))
        {
            spinner.SpinOnce(sleep1Threshold: 10);
        }
    }

    /// <summary>Called from the revoke handler: messages of these partitions are dropped from the poll being collected.</summary>
    public void Revoked(IEnumerable<TopicPartition> partitions) => (_revokedDuringPoll ??= []).UnionWith(partitions);

    public void Dispose() => _pollSlots.Dispose();

    private void Run(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                _pollSlots.Wait(stoppingToken);
                var poll = Poll(consumer, stoppingToken);
                if (poll.Count == 0)
                {
                    _pollSlots.Release();
                    continue;
                }

                _polls.Writer.TryWrite(poll);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ConsumeException exception) when (exception.Error.IsFatal)
        {
            LogKafkaError(exception.Error.Code, exception.Error.Reason, true);
        }
        finally
        {
            _polls.Writer.TryComplete();
        }
    }

    private List<ConsumeResult<byte[]?, byte[]?>> Poll(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var poll = new List<ConsumeResult<byte[]?, byte[]?>>();
        _revokedDuringPoll = null;
        var first = consumer.Consume(_options.PollTimeout);
        if (first is null || first.IsPartitionEOF)
        {
            return poll;
        }

        poll.Add(first);
        var started = _timeProvider.GetTimestamp();
        while (poll.Count < _options.MaxPollRecords && !stoppingToken.IsCancellationRequested
            && _timeProvider.GetElapsedTime(started) < _options.MaxPollDuration)
        {
            var next = consumer.Consume(TimeSpan.Zero);
            if (next is null)
            {
                break;
            }

            if (!next.IsPartitionEOF)
            {
                poll.Add(next);
            }
        }

        if (_revokedDuringPoll is { } revoked)
        {
            // Their new owner reads them again from the last commit: dispatching them here as well
            // would dead-letter invalid ones twice.
            poll.RemoveAll(message => revoked.Contains(message.TopicPartition));
            _revokedDuringPoll = null;
        }

        return poll;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka error {Code}: {Reason} (fatal: {IsFatal})")]
    private partial void LogKafkaError(ErrorCode code, string reason, bool isFatal);
}
