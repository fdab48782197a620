using System.Threading.Channels;
using Confluent.Kafka;
using StreamRnn.Hosting.Health;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// The consume side of ingest: a dedicated thread (Consume blocks) collects messages into polls and queues
/// them for the dispatcher, at most <see cref="Capacity"/> polls ahead of it. Polls leave the queue in the
/// order they were consumed; the dispatcher hands each one's slot back with <see cref="Dispatched"/>. An idle
/// poll (no message) is queued too, so the dispatcher gets a chance to checkpoint. <see cref="RequestRewind"/>
/// moves every assigned partition back to its committed offset, between two polls, under a new generation.
/// </summary>
internal sealed partial class IngestPollLoop : IDisposable
{
    /// <summary>The most polls consumed but not yet dispatched.</summary>
    public const int Capacity = 2;

    private readonly IngestOptions _options;
    private readonly KafkaReachability? _reachability;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<IngestPoll> _polls =
        Channel.CreateUnbounded<IngestPoll>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    // Back-pressure: the consume thread takes a slot (a blocking wait is right on that dedicated
    // thread); the dispatcher returns it.
    private readonly SemaphoreSlim _pollSlots = new(Capacity, Capacity);

    // The poll being collected (set and read on the consume thread only, which also runs the rebalance handlers).
    private List<ConsumeResult<byte[]?, byte[]?>>? _collecting;

    // The generation polls are read under, and the one a rewind asked for (0: none asked).
    private long _generation;
    private long _rewindTo;

    private Thread? _thread;

    /// <param name="reachability">Told when each poll starts and returns (a poll stuck in a handler hides an outage); null: not told.</param>
    public IngestPollLoop(IngestOptions options, TimeProvider timeProvider, ILogger logger, KafkaReachability? reachability = null)
    {
        _options = options;
        _reachability = reachability;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The polls to dispatch, one after another; completes when the consume thread ends.</summary>
    public ChannelReader<IngestPoll> Polls => _polls.Reader;

    /// <summary>
    /// Asks the consume thread to move every assigned partition back to its committed offset before its next poll.
    /// Returns the generation the polls read after that carry; polls of older generations must be dropped.
    /// </summary>
    public long RequestRewind()
    {
        var target = Interlocked.Read(ref _generation) + 1;
        Interlocked.Exchange(ref _rewindTo, target);
        return target;
    }

    /// <summary>
    /// Starts the consume thread; it runs until <paramref name="stoppingToken"/> is cancelled, or a fatal Kafka error or
    /// an unexpected exception, which completes <see cref="Polls"/> with that exception. Errors that are not fatal are
    /// logged and consuming goes on.
    /// </summary>
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
    /// itself: waits (up to 30 s) until the dispatcher has finished every other poll. Returns false if it has not:
    /// the dispatcher is still working (retrying calls to a lost silo, say) and owns what it has delivered.
    /// </summary>
    public bool WaitForDispatcher()
    {
        var started = _timeProvider.GetTimestamp();
        var spinner = new SpinWait();
        while (_pollSlots.CurrentCount < Capacity - 1)
        {
            if (_timeProvider.GetElapsedTime(started) >= TimeSpan.FromSeconds(30))
            {
                return false;
            }

            spinner.SpinOnce(sleep1Threshold: 10);
        }

        return true;
    }

    /// <summary>
    /// Called from the revoke handler: messages of these partitions read so far are dropped from the poll being
    /// collected. Their new owner reads them again from the last commit; dispatching them here as well would
    /// dead-letter invalid ones twice. Messages read after a later assignment of the same partitions are kept.
    /// </summary>
    public void Revoked(IEnumerable<TopicPartition> partitions)
    {
        var revoked = partitions.ToHashSet();
        _collecting?.RemoveAll(message => revoked.Contains(message.TopicPartition));
    }

    public void Dispose() => _pollSlots.Dispose();

    private void Run(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        Exception? failure = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                _pollSlots.Wait(stoppingToken);
                TryRewind(consumer);
                var messages = Poll(consumer, stoppingToken);
                var poll = new IngestPoll(messages, Interlocked.Read(ref _generation), _timeProvider.GetTimestamp());
                _polls.Writer.TryWrite(poll);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // A fatal Kafka error, or one nobody expected: this thread must not die silently (nor take the process
            // with it). The dispatcher reads the failure at the end of the polls and stops ingest, and the host.
            if (exception is KafkaException kafka)
            {
                LogKafkaError(kafka.Error.Code, kafka.Error.Reason, kafka.Error.IsFatal);
            }

            failure = exception;
        }
        finally
        {
            _polls.Writer.TryComplete(failure);
        }
    }

    /// <summary>
    /// One Consume. A Kafka error that is not fatal (a topic not available yet, a broker gone, a fetch refused) is
    /// logged and reads as "nothing now": librdkafka recovers by itself, and no message is skipped, because an error
    /// event does not move the position.
    /// </summary>
    private ConsumeResult<byte[]?, byte[]?>? Consume(IConsumer<byte[]?, byte[]?> consumer, TimeSpan timeout)
    {
        _reachability?.PollStarted();
        try
        {
            return consumer.Consume(timeout);
        }
        catch (KafkaException exception) when (!exception.Error.IsFatal)
        {
            LogConsumeError(exception.Error.Code, exception.Error.Reason);
            return null;
        }
        finally
        {
            _reachability?.PollReturned();
        }
    }

    /// <summary>
    /// When a rewind is asked: seeks every assigned partition to its committed offset (the start of the log if none)
    /// and starts the new generation. If Kafka refuses, polls stay in the old generation (and are dropped) and the
    /// next poll tries again.
    /// </summary>
    private void TryRewind(IConsumer<byte[]?, byte[]?> consumer)
    {
        var target = Interlocked.Read(ref _rewindTo);
        if (target <= Interlocked.Read(ref _generation))
        {
            return;
        }

        try
        {
            var committed = consumer.Committed(consumer.Assignment, TimeSpan.FromSeconds(30));
            foreach (var position in committed)
            {
                consumer.Seek(new TopicPartitionOffset(position.TopicPartition, position.Offset.IsSpecial ? Offset.Beginning : position.Offset));
            }

            Interlocked.Exchange(ref _generation, target);
            LogRewound(committed.Count, target);
        }
        catch (KafkaException exception) when (!exception.Error.IsFatal)
        {
            LogRewindFailed(exception);
        }
    }

    private List<ConsumeResult<byte[]?, byte[]?>> Poll(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var poll = new List<ConsumeResult<byte[]?, byte[]?>>();
        _collecting = poll;
        var first = Consume(consumer, _options.PollTimeout);
        if (first is null || first.IsPartitionEOF)
        {
            _collecting = null;
            return poll;
        }

        poll.Add(first);
        var started = _timeProvider.GetTimestamp();
        while (poll.Count < _options.MaxPollRecords && !stoppingToken.IsCancellationRequested
            && _timeProvider.GetElapsedTime(started) < _options.MaxPollDuration)
        {
            var next = Consume(consumer, TimeSpan.Zero);
            if (next is null)
            {
                break;
            }

            if (!next.IsPartitionEOF)
            {
                poll.Add(next);
            }
        }

        _collecting = null;
        return poll;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest rewound {Partitions} partition(s) to their committed offsets (generation {Generation}): a sensor lost readings it had not persisted, which are replayed")]
    private partial void LogRewound(int partitions, long generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest could not rewind to its committed offsets yet; it tries again before the next poll")]
    private partial void LogRewindFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consume error {Code}: {Reason} (not fatal: ingest goes on consuming)")]
    private partial void LogConsumeError(ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Kafka error {Code}: {Reason} (fatal: {IsFatal}); ingest stops")]
    private partial void LogKafkaError(ErrorCode code, string reason, bool isFatal);
}
