using StreamRnn.Contracts;

namespace StreamRnn.Grains.Training;

/// <summary>What a coordinator keeps across activations: the round counter and recent rounds. The buffer is not kept: it refills from the stream.</summary>
[GenerateSerializer, Alias("streamrnn.fine-tuning-coordinator-state")]
public sealed class FineTuningCoordinatorState
{
    [Id(0)] public int Rounds { get; set; }

    [Id(1)] public List<FineTuningRound> History { get; set; } = [];
}
