namespace StreamRnn.Models.Checkpoints;

/// <summary>One named weight tensor: its shape and its values (row-major float32).</summary>
public sealed record CheckpointParameter(string Name, long[] Shape, float[] Values)
{
    /// <summary>Number of values the shape holds.</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);
}
