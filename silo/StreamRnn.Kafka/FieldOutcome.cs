namespace StreamRnn.Kafka;

/// <summary>What was read for one field: nothing yet, a value, or a reason to dead-letter.</summary>
internal readonly struct FieldOutcome<T>
{
    private FieldOutcome(T value, DeadLetterReason reason, string? detail)
    {
        Seen = true;
        Value = value;
        Reason = reason;
        Detail = detail;
    }

    public bool Seen { get; }

    public T Value { get; }

    public DeadLetterReason Reason { get; }

    public string? Detail { get; }

    public static FieldOutcome<T> Ok(T value) => new(value, DeadLetterReason.None, null);

    public static FieldOutcome<T> Failed(DeadLetterReason reason, string detail) => new(default!, reason, detail);
}
