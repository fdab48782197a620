namespace StreamRnn.Contracts;

/// <summary>A model version operation the registry refused (promote, reject, rollback), with the reason.</summary>
[GenerateSerializer, Alias("streamrnn.model-version-exception")]
public sealed class ModelVersionException : Exception
{
    public ModelVersionException()
    {
    }

    public ModelVersionException(string message)
        : base(message)
    {
    }

    public ModelVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
