namespace StreamRnn.Contracts;

/// <summary>
/// Recent normalised model inputs of one sensor (row-major <c>Steps × Channels</c>, exactly as the sensor
/// fed them to the model), contributed to its model group's fine-tuning buffer.
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.training-window")]
public sealed record TrainingWindow(
    [property: Id(0)] string SensorId,
    [property: Id(1)] float[] Inputs,
    [property: Id(2)] int Steps,
    [property: Id(3)] int Channels,
    [property: Id(4)] long EndReading);
