namespace StreamRnn.Chaos;

/// <summary>The test could not be set up or driven (a process did not start, a deadline passed): no verdict on StreamRnn.</summary>
internal sealed class ChaosSetupException : Exception
{
    public ChaosSetupException()
    {
    }

    public ChaosSetupException(string message)
        : base(message)
    {
    }

    public ChaosSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
