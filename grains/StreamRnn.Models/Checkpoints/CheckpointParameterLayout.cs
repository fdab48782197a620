namespace StreamRnn.Models.Checkpoints;

/// <summary>A parameter's name and shape in the header; its values follow the header in this order.</summary>
internal sealed record CheckpointParameterLayout(string Name, long[] Shape);
