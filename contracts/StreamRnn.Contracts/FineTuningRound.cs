namespace StreamRnn.Contracts;

/// <summary>The record of one fine-tuning round (or a gated manual promotion).</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.fine-tuning-round")]
public sealed record FineTuningRound(
    [property: Id(0)] int Round,
    [property: Id(1)] string Trigger,
    [property: Id(2)] DateTimeOffset Started,
    [property: Id(3)] FineTuningOutcome Outcome,
    [property: Id(4)] string Reason,
    [property: Id(5)] int ParentVersion,
    [property: Id(6)] int? CandidateVersion,
    [property: Id(7)] double BaselineLoss,
    [property: Id(8)] double CandidateLoss,
    [property: Id(9)] int TrainWindows,
    [property: Id(10)] int ValidationWindows,
    [property: Id(11)] int Sensors,
    [property: Id(12)] TimeSpan TrainingDuration,
    [property: Id(13)] string Device,
    [property: Id(14)] string Silo);
