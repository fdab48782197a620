using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>Where a model group's fine-tuning stands.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.fine-tuning-status")]
public sealed record FineTuningStatus(
    [property: Id(0)] string Group,
    [property: Id(1)] TimeSpan Interval,
    [property: Id(2)] int BufferedWindows,
    [property: Id(3)] int Sensors,
    [property: Id(4)] long WindowsReceived,
    [property: Id(5)] int ActiveVersion,
    [property: Id(6)] bool RoundInProgress,
    [property: Id(7)] ImmutableArray<FineTuningRound> RecentRounds)
{
    /// <summary>The silo the coordinator is active on.</summary>
    [Id(8)] public string Silo { get; init; } = string.Empty;
}
