namespace StreamRnn.Batching;

/// <summary>
/// The model computed NaN or infinity for this request (a forecast or the final state), and the batcher had no
/// finite answer to give instead: the version that computed it was kept because the version before it (when this silo
/// still has one) overflowed on the same request too, so the request's inputs or state are what overflow. The request's
/// readings should be handled as not processable; a caller passing a state may retry once from a fresh state.
/// </summary>
public sealed class NonFiniteOutputException : Exception
{
    public NonFiniteOutputException()
    {
    }

    public NonFiniteOutputException(string message)
        : base(message)
    {
    }

    public NonFiniteOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The weights version that computed the non-finite values.</summary>
    public int ModelVersion { get; init; }
}
