namespace StreamRnn.Contracts;

/// <summary>A checkpoint the model registry refused, with the reason (sent from the grain to the caller).</summary>
[GenerateSerializer, Alias("streamrnn.model-registration-exception")]
public sealed class ModelRegistrationException : Exception
{
    public ModelRegistrationException()
    {
    }

    public ModelRegistrationException(string message)
        : base(message)
    {
    }

    public ModelRegistrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
