using StreamRnn.Contracts;

namespace StreamRnn.Grains.Models;

/// <summary>The registry's versions, the checkpoint bytes of each stored one, and the order versions were served in.</summary>
[GenerateSerializer, Alias("streamrnn.model-registry-state")]
public sealed class ModelRegistryState
{
    [Id(0)] public List<ModelVersionInfo> Versions { get; set; } = [];

    [Id(1)] public Dictionary<int, byte[]> Checkpoints { get; set; } = [];

    /// <summary>Versions in the order they became active (a rollback removes the last).</summary>
    [Id(2)] public List<int> ActivationHistory { get; set; } = [];
}
