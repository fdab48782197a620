namespace StreamRnn.Training;

/// <summary>The optimiser of a training run.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (β = 0.9, 0.999; ε = 1e-8).</summary>
    Adam,

    /// <summary>Stochastic gradient descent with momentum (<see cref="TrainerOptions.Momentum"/>).</summary>
    Sgd,
}
