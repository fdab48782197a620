namespace StreamRnn.Grains;

/// <summary>
/// A sensor's pure scoring code refused its readings (it threw <see cref="ArgumentException"/> or
/// <see cref="ArithmeticException"/>): the same readings fail the same way every time, so retrying cannot help.
/// Never leaves the grain.
/// </summary>
internal sealed class ProcessingFailedException : Exception
{
    public ProcessingFailedException()
    {
    }

    public ProcessingFailedException(string message)
        : base(message)
    {
    }

    public ProcessingFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProcessingFailedException(Exception cause)
        : base("The sensor's scoring refused the readings.", cause)
    {
    }
}
