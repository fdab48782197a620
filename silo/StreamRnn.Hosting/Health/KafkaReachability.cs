using System.Text.Json;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace StreamRnn.Hosting.Health;

/// <summary>
/// Whether this silo reaches Kafka, as its ingest consumer sees it (a silo singleton, read by
/// <see cref="KafkaReadinessCheck"/>). Not reached until ingest has read the cluster's metadata at start; lost when
/// librdkafka reports every broker down (<see cref="ErrorCode.Local_AllBrokersDown"/>) or its statistics show no broker
/// connection up twice in a row; reached again when a message is consumed or the consumer's statistics show a broker up. With ingest off it is not used and never holds a silo back.
/// Errors and statistics are served inside the consumer's polls, so a poll that does not return (a rebalance handler in
/// it waiting for the dispatcher, or for a checkpoint that cannot commit while the brokers are down) would hide an outage:
/// a poll inside for <see cref="PollStuckAfter"/> or longer makes the silo not ready until it returns.
/// </summary>
public sealed class KafkaReachability(TimeProvider timeProvider)
{
    /// <summary>Statistics reports in a row with no broker connection up that make a reached Kafka unreachable.</summary>
    public const int ReportsWithNoBrokerUp = 2;

    /// <summary>How long one poll of the ingest consumer may last before the silo is not ready (a poll returns within its timeout unless a handler inside it waits).</summary>
    public static readonly TimeSpan PollStuckAfter = TimeSpan.FromSeconds(10);

    // When the poll now running started (a TimeProvider timestamp); meaningful while _inPoll is set. Written by the
    // consume thread on every poll, read by the health check: volatile fields, no lock.
    private long _pollStarted;
    private volatile bool _inPoll;

    private readonly Lock _gate = new();
    private int _reportsWithNoBrokerUp;
    private State _state = State.NotYetReached;
    private DateTimeOffset _since = timeProvider.GetUtcNow();
    private string _reason = "ingest has not read the cluster's metadata yet";

    private enum State
    {
        NotYetReached,
        Reachable,
        Unreachable,
        NotUsed,
    }

    /// <summary>True unless Kafka has not been reached yet or is unreachable now, or the consumer's poll is stuck.</summary>
    public bool IsReady
    {
        get
        {
            lock (_gate)
            {
                return _state is State.NotUsed || (_state is State.Reachable && StuckFor() is null);
            }
        }
    }

    /// <summary>Ready or not, and why, in words (how long Kafka has been unreachable, and the last error).</summary>
    public (bool Ready, string Description) Describe()
    {
        lock (_gate)
        {
            var since = timeProvider.GetUtcNow() - _since;
            if (_state is State.Reachable && StuckFor() is { } stuck)
            {
                return (false, $"The ingest consumer has been inside one poll for {stuck:hh\\:mm\\:ss} (a rebalance handler waiting): Kafka's errors and statistics are not being read.");
            }

            return _state switch
            {
                State.Reachable => (true, "Kafka reachable."),
                State.NotUsed => (true, "Ingest is off: Kafka is not needed."),
                State.Unreachable => (false, $"Kafka unreachable for {since:hh\\:mm\\:ss} ({_reason})."),
                _ => (false, $"Kafka not reached yet after {since:hh\\:mm\\:ss} ({_reason})."),
            };
        }
    }

    /// <summary>The ingest consumer's poll starts (called on the consume thread before every <c>Consume</c>).</summary>
    public void PollStarted()
    {
        Volatile.Write(ref _pollStarted, timeProvider.GetTimestamp());
        _inPoll = true;
    }

    /// <summary>The ingest consumer's poll returned.</summary>
    public void PollReturned() => _inPoll = false;

    /// <summary>Kafka answered: metadata read, a message consumed, or a broker connection up.</summary>
    public void Reached() => Set(State.Reachable, "reached");

    /// <summary>Ingest is off: readiness does not depend on Kafka.</summary>
    public void NotUsed() => Set(State.NotUsed, "ingest is off");

    /// <summary>An error from the consumer's error handler: every broker down makes Kafka unreachable; others change nothing.</summary>
    public void OnError(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code == ErrorCode.Local_AllBrokersDown)
        {
            Set(State.Unreachable, $"{error.Code}: {error.Reason}");
        }
    }

    /// <summary>
    /// librdkafka's statistics (JSON): Kafka is reachable again when a broker connection is up, and unreachable when
    /// <see cref="ReportsWithNoBrokerUp"/> reports in a row show none up. The second rule catches an outage whose
    /// all-brokers-down error never came or was overtaken (librdkafka raises it once, on the transition, and a report
    /// can still show a connection up just after it).
    /// </summary>
    public void OnStatistics(string statistics)
    {
        switch (BrokersUp(statistics))
        {
            case true:
                lock (_gate)
                {
                    _reportsWithNoBrokerUp = 0;
                }

                if (!IsReady)
                {
                    Reached();
                }

                break;
            case false:
                bool down;
                lock (_gate)
                {
                    down = _state == State.Reachable && ++_reportsWithNoBrokerUp >= ReportsWithNoBrokerUp;
                }

                if (down)
                {
                    Set(State.Unreachable, $"no broker connection up in {ReportsWithNoBrokerUp} statistics reports in a row");
                }

                break;
        }
    }

    /// <summary>
    /// True when a real broker (configured or learned from metadata, not librdkafka's internal or logical ones) is
    /// in state <c>UP</c> in a statistics report.
    /// </summary>
    internal static bool AnyBrokerUp(string statistics) => BrokersUp(statistics) == true;

    /// <summary>Whether a real broker is up in a statistics report; null when the report lists no brokers or is not JSON.</summary>
    private static bool? BrokersUp(string statistics)
    {
        try
        {
            using var document = JsonDocument.Parse(statistics);
            if (!document.RootElement.TryGetProperty("brokers", out var brokers) || brokers.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var broker in brokers.EnumerateObject())
            {
                if (broker.Value.ValueKind == JsonValueKind.Object
                    && broker.Value.TryGetProperty("source", out var source) && source.GetString() is "configured" or "learned"
                    && broker.Value.TryGetProperty("state", out var state) && state.GetString() == "UP")
                {
                    return true;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>How long the poll now running has lasted, when that is <see cref="PollStuckAfter"/> or longer; null otherwise.</summary>
    private TimeSpan? StuckFor()
    {
        if (!_inPoll)
        {
            return null;
        }

        var inside = timeProvider.GetElapsedTime(Volatile.Read(ref _pollStarted));
        return inside >= PollStuckAfter ? inside : null;
    }

    private void Set(State state, string reason)
    {
        lock (_gate)
        {
            if (_state == state)
            {
                return;
            }

            _state = state;
            _since = timeProvider.GetUtcNow();
            _reason = reason;
        }
    }
}
