namespace StreamRnn.Kafka;

/// <summary>
/// Why a reading was sent to the dead-letter topic. Each has a stable kebab-case code
/// (<see cref="DeadLetterReasonExtensions.ToCode"/>) carried in the <c>streamrnn-dlq-reason</c> header.
/// </summary>
public enum DeadLetterReason
{
    /// <summary>Not dead-lettered: the reading is valid. Code <c>none</c>.</summary>
    None = 0,

    /// <summary>The message has no key (the key is the sensor id). Code <c>missing-key</c>.</summary>
    MissingKey,

    /// <summary>
    /// The key is not UTF-8, is longer than 256 bytes, is not in Unicode normalisation form C, has control or format
    /// characters (bidirectional controls, zero-width characters) or white space at either end. Code <c>invalid-key</c>.
    /// </summary>
    InvalidKey,

    /// <summary>The value is larger than <c>Kafka:MaxReadingBytes</c>. Code <c>oversized</c>.</summary>
    Oversized,

    /// <summary>The value is empty, not JSON, not a JSON object, or repeats a field. Code <c>invalid-json</c>.</summary>
    InvalidJson,

    /// <summary>No <c>timestamp</c> field, or it is null. Code <c>missing-timestamp</c>.</summary>
    MissingTimestamp,

    /// <summary>The timestamp is unparseable, has no UTC offset, or is before 1970 or after 9999. Code <c>bad-timestamp</c>.</summary>
    BadTimestamp,

    /// <summary>No <c>value</c> field, it is null, or it is an empty array. Code <c>missing-value</c>.</summary>
    MissingValue,

    /// <summary>The value (or an element of it) is not a number. Code <c>non-numeric</c>.</summary>
    NonNumeric,

    /// <summary>The value is NaN or infinite (as a string like <c>"NaN"</c>, or a number too large for a double). Code <c>non-finite</c>.</summary>
    NonFinite,

    /// <summary>The number of values differs from the sensor's channel count. Code <c>channel-mismatch</c>.</summary>
    ChannelMismatch,

    /// <summary>
    /// A valid reading its sensor could not process (its scoring refused it, e.g. a value whose forecast error
    /// overflows); the detail names the exception. Code <c>processing-failed</c>.
    /// </summary>
    ProcessingFailed,

    /// <summary>The timestamp is later than the silo's clock plus <c>Ingest:MaxFutureSkew</c>. Code <c>future-timestamp</c>.</summary>
    FutureTimestamp,

    /// <summary>The timestamp is earlier than that of the last reading its sensor took. Code <c>out-of-order</c>.</summary>
    OutOfOrder,

    /// <summary>The timestamp equals that of the last reading its sensor took. Code <c>duplicate-timestamp</c>.</summary>
    DuplicateTimestamp,
}
