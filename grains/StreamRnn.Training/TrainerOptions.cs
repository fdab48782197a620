using StreamRnn.Models;

namespace StreamRnn.Training;

/// <summary>Settings of an offline training run (<see cref="Trainer"/>, <see cref="ScorerTrainer"/>).</summary>
/// <remarks>
/// Learning-rate schedule: reduce on plateau. After <see cref="PlateauPatience"/> epochs in a row without the validation
/// loss dropping below its best by a relative 1e-4, the rate is multiplied by <see cref="PlateauFactor"/>, never going
/// below <see cref="MinLearningRate"/>; 0 patience turns it off.
/// </remarks>
public sealed class TrainerOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Training";

    private const RecurrentCellKind DefaultCell = RecurrentCellKind.Gru;
    private const int DefaultHiddenSize = 32;
    private const int DefaultLayers = 1;
    private const RnnNonlinearity DefaultRnnNonlinearity = RnnNonlinearity.Tanh;
    private const double DefaultDropout = 0;
    private const int DefaultInputLength = 64;
    private const int DefaultHorizon = 5;
    private const int DefaultWindowStride = 1;
    private const double DefaultTrainFraction = 0.7;
    private const double DefaultValidationFraction = 0.15;
    private const int DefaultBatchSize = 64;
    private const int DefaultEpochs = 100;
    private const OptimizerKind DefaultOptimizer = OptimizerKind.Adam;
    private const double DefaultLearningRate = 1e-3;
    private const double DefaultMomentum = 0.9;
    private const double DefaultWeightDecay = 0;
    private const LossKind DefaultLoss = LossKind.Mse;
    private const double DefaultHuberDelta = 1.0;
    private const double DefaultGradientClipNorm = 1.0;
    private const int DefaultPlateauPatience = 5;
    private const double DefaultPlateauFactor = 0.5;
    private const double DefaultMinLearningRate = 1e-5;
    private const int DefaultEarlyStoppingPatience = 10;
    private const long DefaultSeed = 17;
    private const string DefaultDevice = "cpu";

    /// <summary>The recurrent cell.</summary>
    public RecurrentCellKind Cell { get; set; } = DefaultCell;

    /// <summary>Hidden units per layer.</summary>
    public int HiddenSize { get; set; } = DefaultHiddenSize;

    /// <summary>Stacked recurrent layers.</summary>
    public int Layers { get; set; } = DefaultLayers;

    /// <summary>The vanilla RNN's nonlinearity (tanh or ReLU).</summary>
    public RnnNonlinearity RnnNonlinearity { get; set; } = DefaultRnnNonlinearity;

    /// <summary>Dropout between stacked layers while training, in [0, 1).</summary>
    public double Dropout { get; set; } = DefaultDropout;

    /// <summary>Input steps per window (truncated-BPTT length).</summary>
    public int InputLength { get; set; } = DefaultInputLength;

    /// <summary>Values of channel 0 forecast after every step (ignored by the scorer).</summary>
    public int Horizon { get; set; } = DefaultHorizon;

    /// <summary>Steps between the starts of consecutive train and validation windows (1 = every step).</summary>
    public int WindowStride { get; set; } = DefaultWindowStride;

    /// <summary>Oldest fraction of every series used for training.</summary>
    public double TrainFraction { get; set; } = DefaultTrainFraction;

    /// <summary>Fraction after the training part used for validation; the rest is the test part.</summary>
    public double ValidationFraction { get; set; } = DefaultValidationFraction;

    /// <summary>Windows per optimiser step.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>The most epochs (passes over the training windows).</summary>
    public int Epochs { get; set; } = DefaultEpochs;

    /// <summary>The optimiser.</summary>
    public OptimizerKind Optimizer { get; set; } = DefaultOptimizer;

    /// <summary>The initial learning rate (1e-3 suits Adam; SGD usually wants 1e-2 or more).</summary>
    public double LearningRate { get; set; } = DefaultLearningRate;

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; set; } = DefaultMomentum;

    /// <summary>L2 weight decay (both optimisers).</summary>
    public double WeightDecay { get; set; } = DefaultWeightDecay;

    /// <summary>The loss.</summary>
    public LossKind Loss { get; set; } = DefaultLoss;

    /// <summary>The Huber threshold, in normalised units.</summary>
    public double HuberDelta { get; set; } = DefaultHuberDelta;

    /// <summary>Largest global L2 norm of the gradients before a step; 0 turns clipping off.</summary>
    public double GradientClipNorm { get; set; } = DefaultGradientClipNorm;

    /// <summary>Epochs without validation improvement before the learning rate drops; 0 keeps it constant.</summary>
    public int PlateauPatience { get; set; } = DefaultPlateauPatience;

    /// <summary>Learning-rate multiplier on a plateau, in (0, 1).</summary>
    public double PlateauFactor { get; set; } = DefaultPlateauFactor;

    /// <summary>The learning rate never drops below this.</summary>
    public double MinLearningRate { get; set; } = DefaultMinLearningRate;

    /// <summary>Epochs without a new best validation loss before training stops; 0 runs all <see cref="Epochs"/>.</summary>
    public int EarlyStoppingPatience { get; set; } = DefaultEarlyStoppingPatience;

    /// <summary>Seeds the weights, the shuffling and dropout: same seed and data give the same run on the CPU.</summary>
    public long Seed { get; set; } = DefaultSeed;

    /// <summary><c>cpu</c> (default), <c>auto</c>, <c>cuda</c> or <c>cuda:N</c>. CUDA runs are not bit-reproducible.</summary>
    public string Device { get; set; } = DefaultDevice;

    /// <summary>The model shape for data with <paramref name="channels"/> channels.</summary>
    /// <param name="channels">Values per step.</param>
    /// <returns>The shape.</returns>
    public ModelShape ToModelShape(int channels)
    {
        return new ModelShape(Cell, channels, HiddenSize, Layers, Horizon)
        {
            RnnNonlinearity = RnnNonlinearity,
            Dropout = Dropout,
        };
    }

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">The first setting found out of range, named.</exception>
    public void Validate()
    {
        ToModelShape(1).Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(InputLength, 2, nameof(InputLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowStride, 1, nameof(WindowStride));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfNegative(PlateauPatience, nameof(PlateauPatience));
        ArgumentOutOfRangeException.ThrowIfNegative(EarlyStoppingPatience, nameof(EarlyStoppingPatience));
        RequireRange(TrainFraction, 0, 1, nameof(TrainFraction), lowerOpen: true);
        RequireRange(ValidationFraction, 0, 1 - TrainFraction + 1e-12, nameof(ValidationFraction), lowerOpen: true);
        RequireRange(LearningRate, 0, double.MaxValue, nameof(LearningRate), lowerOpen: true);
        RequireRange(Momentum, 0, 1, nameof(Momentum), lowerOpen: false);
        RequireRange(WeightDecay, 0, double.MaxValue, nameof(WeightDecay), lowerOpen: false);
        RequireRange(HuberDelta, 0, double.MaxValue, nameof(HuberDelta), lowerOpen: true);
        RequireRange(GradientClipNorm, 0, double.MaxValue, nameof(GradientClipNorm), lowerOpen: false);
        RequireRange(PlateauFactor, 0, 1, nameof(PlateauFactor), lowerOpen: true);
        RequireRange(MinLearningRate, 0, double.MaxValue, nameof(MinLearningRate), lowerOpen: false);
        if (!Enum.IsDefined(Optimizer))
        {
            throw new ArgumentException($"Unknown optimizer '{Optimizer}'.", nameof(Optimizer));
        }

        if (!Enum.IsDefined(Loss))
        {
            throw new ArgumentException($"Unknown loss '{Loss}'.", nameof(Loss));
        }

        _ = TorchDeviceSelector.Resolve(Device);
    }

    private static void RequireRange(double value, double low, double high, string name, bool lowerOpen)
    {
        var aboveLow = lowerOpen ? value > low : value >= low;
        if (!(aboveLow && value <= high))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in {(lowerOpen ? "(" : "[")}{low}, {high}].");
        }
    }
}
