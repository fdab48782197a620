namespace StreamRnn.Contracts;

/// <summary>
/// The inference pool has no finite forecast for a step request: the model computed NaN or infinity and no other version
/// computed it finite either (the request's inputs or state overflow the model, or the only version diverges). A sensor
/// handles it as processing-failed after one retry from a fresh state; it never stops the stream.
/// </summary>
[GenerateSerializer, Alias("streamrnn.non-finite-forecast-exception")]
public sealed class NonFiniteForecastException : Exception
{
    public NonFiniteForecastException()
    {
    }

    public NonFiniteForecastException(string message)
        : base(message)
    {
    }

    public NonFiniteForecastException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
