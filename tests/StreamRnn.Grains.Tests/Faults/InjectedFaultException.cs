namespace StreamRnn.Grains.Tests.Faults;

/// <summary>The failure a <see cref="FaultPlan"/> injects.</summary>
[GenerateSerializer]
public sealed class InjectedFaultException : Exception
{
    public InjectedFaultException()
    {
    }

    public InjectedFaultException(string message)
        : base(message)
    {
    }

    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InjectedFaultException(FaultPoint point)
        : base($"Injected one-shot fault at {point}.")
    {
    }
}
