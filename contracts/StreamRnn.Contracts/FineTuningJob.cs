using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>One round of fine-tuning for a trainer: start weights, data and settings.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.fine-tuning-job")]
public sealed record FineTuningJob(
    [property: Id(0)] string Group,
    [property: Id(1)] int Round,
    [property: Id(2)] int ParentVersion,
    [property: Id(3)] byte[] ParentCheckpoint,
    [property: Id(4)] ImmutableArray<TrainingWindow> Train,
    [property: Id(5)] ImmutableArray<TrainingWindow> Validation,
    [property: Id(6)] int Epochs,
    [property: Id(7)] double LearningRate,
    [property: Id(8)] int BatchSize,
    [property: Id(9)] double GradientClipNorm,
    [property: Id(10)] long Seed);
