using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>A sensor's request to the inference pool: normalised inputs (step-major) and its hidden state.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.step-call")]
public sealed record StepCall(
    [property: Id(0)] float[] Inputs,
    [property: Id(1)] int Steps,
    [property: Id(2)] float[]? State);
