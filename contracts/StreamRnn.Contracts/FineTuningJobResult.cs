namespace StreamRnn.Contracts;

/// <summary>What a trainer produced: the candidate's checkpoint bytes and both versions' held-out loss.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.fine-tuning-job-result")]
public sealed record FineTuningJobResult(
    [property: Id(0)] byte[] Candidate,
    [property: Id(1)] double BaselineLoss,
    [property: Id(2)] double CandidateLoss,
    [property: Id(3)] string? NonFiniteParameter,
    [property: Id(4)] TimeSpan Duration,
    [property: Id(5)] string Device,
    [property: Id(6)] string Silo,
    [property: Id(7)] int TrainWindows,
    [property: Id(8)] int ValidationWindows);
