using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamRnn.Training;

/// <summary>
/// How <see cref="TrainingLoop"/> trains: seed, epochs, optimiser, training loss, gradient clipping, and (with
/// validation only) the plateau schedule and early stopping.
/// </summary>
/// <param name="Seed">Seeds libtorch's generator (dropout) and the shuffle.</param>
/// <param name="Epochs">The most epochs.</param>
/// <param name="LearningRate">The optimiser's starting learning rate.</param>
/// <param name="GradientClipNorm">Largest global gradient norm before a step; 0 measures the norm without clipping.</param>
/// <param name="CreateOptimizer">Builds the optimiser over the model's parameters.</param>
/// <param name="Loss">The mean training loss of a batch: (predicted, target) to a scalar.</param>
internal sealed record LoopSettings(
    long Seed,
    int Epochs,
    double LearningRate,
    double GradientClipNorm,
    Func<List<Parameter>, optim.Optimizer> CreateOptimizer,
    Func<Tensor, Tensor, Tensor> Loss)
{
    /// <summary>Epochs without a relative 1e-4 improvement before the learning rate drops; 0 is off.</summary>
    public int PlateauPatience { get; init; }

    /// <summary>What a plateau multiplies the learning rate by.</summary>
    public double PlateauFactor { get; init; } = 1;

    /// <summary>The learning rate never drops below this.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Epochs since the best one before training stops; 0 is off.</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>Offline training (<see cref="Trainer"/>, <see cref="ScorerTrainer"/>): the optimiser, loss and schedule <paramref name="options"/> name.</summary>
    public static LoopSettings FromOptions(TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LoopSettings(
            options.Seed,
            options.Epochs,
            options.LearningRate,
            options.GradientClipNorm,
            parameters => options.Optimizer == OptimizerKind.Sgd
                ? optim.SGD(parameters, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay)
                : optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay),
            (predicted, target) => TrainingLoop.Loss(predicted, target, options, nn.Reduction.Mean))
        {
            PlateauPatience = options.PlateauPatience,
            PlateauFactor = options.PlateauFactor,
            MinLearningRate = options.MinLearningRate,
            EarlyStoppingPatience = options.EarlyStoppingPatience,
        };
    }
}
