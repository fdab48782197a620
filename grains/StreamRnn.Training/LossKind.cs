namespace StreamRnn.Training;

/// <summary>The training loss, on normalised values, averaged over every target of a batch.</summary>
public enum LossKind
{
    /// <summary>Mean squared error.</summary>
    Mse,

    /// <summary>Mean absolute error.</summary>
    Mae,

    /// <summary>Huber loss: squared below <see cref="TrainerOptions.HuberDelta"/>, linear above.</summary>
    Huber,
}
