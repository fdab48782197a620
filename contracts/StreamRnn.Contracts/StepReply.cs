namespace StreamRnn.Contracts;

/// <summary>The pool's answer: the next hidden state and, after each step, the forecast of the next steps.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.step-reply")]
public sealed record StepReply(
    [property: Id(0)] float[] State,
    [property: Id(1)] float[] Forecasts,
    [property: Id(2)] int ModelVersion);
