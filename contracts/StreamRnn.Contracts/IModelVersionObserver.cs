namespace StreamRnn.Contracts;

/// <summary>Told by the model registry when a model group's active version changes (each silo subscribes one).</summary>
public interface IModelVersionObserver : IGrainObserver
{
    /// <summary>The group now serves <paramref name="version"/>.</summary>
    Task ActiveVersionChangedAsync(string group, int version);
}
