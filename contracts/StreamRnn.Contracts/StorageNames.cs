namespace StreamRnn.Contracts;

/// <summary>Names of the grain storage providers StreamRnn uses.</summary>
public static class StorageNames
{
    /// <summary>Sensor state: hidden state, normaliser, applied offsets, window, anomaly state.</summary>
    public const string Sensors = "sensors";

    /// <summary>Model registry: versions and their checkpoints.</summary>
    public const string Models = "models";

    /// <summary>Fine-tuning coordinators: round history.</summary>
    public const string Training = "training";
}
