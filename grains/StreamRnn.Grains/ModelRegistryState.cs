using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>The registry's versions and the checkpoint bytes of each registered one.</summary>
[GenerateSerializer, Alias("streamrnn.model-registry-state")]
public sealed class ModelRegistryState
{
    [Id(0)] public List<ModelVersionInfo> Versions { get; set; } = [];

    [Id(1)] public Dictionary<int, byte[]> Checkpoints { get; set; } = [];
}
