namespace StreamRnn.Grains;

/// <summary>Why a sensor refused a valid reading (<see cref="IDeadLetterSink"/>).</summary>
public enum ReadingRejection
{
    /// <summary>Its scoring refused it (the detail names the exception). Dead-letter code <c>processing-failed</c>.</summary>
    ProcessingFailed,

    /// <summary>Its timestamp is earlier than the last reading the sensor took. Dead-letter code <c>out-of-order</c>.</summary>
    OutOfOrder,

    /// <summary>Its timestamp equals that of the last reading the sensor took. Dead-letter code <c>duplicate-timestamp</c>.</summary>
    DuplicateTimestamp,
}
