using System.Text.RegularExpressions;
using StreamRnn.Models;

namespace StreamRnn.Training.FineTuning;

/// <summary>Settings of one online fine-tuning run (<see cref="FineTuner.Run"/>): Adam with global-norm gradient clipping.</summary>
public sealed record FineTuningParameters
{
    private const int DefaultEpochs = 3;
    private const double DefaultLearningRate = 1e-3;
    private const int DefaultBatchSize = 32;
    private const double DefaultGradientClipNorm = 1.0;
    private const long DefaultSeed = 17;
    private const string DefaultDevice = "auto";

    /// <summary>Passes over the training samples, at least 1.</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>Adam's learning rate, above 0 and finite.</summary>
    public double LearningRate { get; init; } = DefaultLearningRate;

    /// <summary>Samples per optimiser step, at least 1 (a batch only holds samples of equal length, so it may be smaller).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Largest global L2 norm of the gradients before a step; 0 turns clipping off.</summary>
    public double GradientClipNorm { get; init; } = DefaultGradientClipNorm;

    /// <summary>Seeds the shuffling and dropout: the same seed, checkpoint and samples give the same candidate on the CPU.</summary>
    public long Seed { get; init; } = DefaultSeed;

    /// <summary><c>auto</c> (default), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (<see cref="TorchDeviceSelector"/>). CUDA runs are not bit-reproducible.</summary>
    public string Device { get; init; } = DefaultDevice;

    /// <summary>Throws when a setting is out of range. Checks the device's spelling only; <see cref="FineTuner.Run"/> resolves it.</summary>
    /// <exception cref="ArgumentException">The first setting found out of range, named.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(LearningRate > 0 && double.IsFinite(LearningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be above 0 and finite.");
        }

        if (!(GradientClipNorm >= 0 && double.IsFinite(GradientClipNorm)))
        {
            throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), GradientClipNorm, "The gradient clip norm must be 0 (off) or above, and finite.");
        }

        if (Device is null || !Regex.IsMatch(Device.Trim(), TorchDeviceSelector.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            throw new ArgumentException($"Device '{Device}' is not valid: expected auto, cpu, cuda or cuda:N.", nameof(Device));
        }
    }
}
