namespace StreamRnn.Models.Checkpoints;

/// <summary>A checkpoint file that cannot be used: not a checkpoint, truncated, corrupt, or not matching what loads it.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException()
    {
    }

    public CheckpointException(string message)
        : base(message)
    {
    }

    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
