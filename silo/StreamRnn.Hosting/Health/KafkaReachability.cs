using System.Text.Json;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace StreamRnn.Hosting.Health;

/// <summary>
/// Whether this silo reaches Kafka, as its ingest consumer sees it (a silo singleton, read by
/// <see cref="KafkaReadinessCheck"/>). Not reached until ingest has read the cluster's metadata at start; lost when
/// librdkafka reports every broker down (<see cref="ErrorCode.Local_AllBrokersDown"/>); reached again when a message
/// is consumed or the consumer's statistics show a broker up. With ingest off it is not used and never holds a silo back.
/// </summary>
public sealed class KafkaReachability(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
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

    /// <summary>True unless Kafka has not been reached yet or is unreachable now.</summary>
    public bool IsReady
    {
        get
        {
            lock (_gate)
            {
                return _state is State.Reachable or State.NotUsed;
            }
        }
    }

    /// <summary>Ready or not, and why, in words (how long Kafka has been unreachable, and the last error).</summary>
    public (bool Ready, string Description) Describe()
    {
        lock (_gate)
        {
            var since = timeProvider.GetUtcNow() - _since;
            return _state switch
            {
                State.Reachable => (true, "Kafka reachable."),
                State.NotUsed => (true, "Ingest is off: Kafka is not needed."),
                State.Unreachable => (false, $"Kafka unreachable for {since:hh\\:mm\\:ss} ({_reason})."),
                _ => (false, $"Kafka not reached yet after {since:hh\\:mm\\:ss} ({_reason})."),
            };
        }
    }

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

    /// <summary>librdkafka's statistics (JSON): Kafka is reachable again when a broker connection is up.</summary>
    public void OnStatistics(string statistics)
    {
        if (!IsReady && AnyBrokerUp(statistics))
        {
            Reached();
        }
    }

    /// <summary>
    /// True when a real broker (configured or learned from metadata, not librdkafka's internal or logical ones) is
    /// in state <c>UP</c> in a statistics report.
    /// </summary>
    internal static bool AnyBrokerUp(string statistics)
    {
        try
        {
            using var document = JsonDocument.Parse(statistics);
            if (!document.RootElement.TryGetProperty("brokers", out var brokers) || brokers.ValueKind != JsonValueKind.Object)
            {
                return false;
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
            return false;
        }
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
