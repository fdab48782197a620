using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Grains.Training;

/// <summary>Online fine-tuning: schedule, training buffer, trainer settings and validation gate. Section <c>Training</c>.</summary>
public sealed class FineTuningOptions : IValidatableObject
{
    public const string SectionName = "Training";

    private const string DefaultGroup = "default";
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(10);
    private const int DefaultWindowSteps = 64;
    private const int DefaultGuardReadings = 16;
    private const int DefaultBufferCapacity = 4096;
    private const int DefaultWindowsPerSensor = 8;
    private const int DefaultMinWindows = 32;
    private const int DefaultMaxTrainWindows = 2048;
    private const int DefaultEpochs = 3;
    private const double DefaultLearningRate = 1e-3;
    private const int DefaultBatchSize = 32;
    private const double DefaultGradientClipNorm = 1.0;
    private const long DefaultSeed = 17;
    private const double DefaultTolerance = 0.02;
    private static readonly TimeSpan DefaultSyncInterval = TimeSpan.FromSeconds(5);
    private const int DefaultHistory = 50;

    /// <summary>The model group every sensor belongs to (one group: all sensors share the weights).</summary>
    [Required]
    public string Group { get; set; } = DefaultGroup;

    /// <summary>Sensors send recent windows to the training buffer. Off: nothing to train on, rounds are skipped.</summary>
    public bool ContributeWindows { get; set; } = true;

    /// <summary>Period of the durable fine-tuning reminder; <c>00:00:00</c> runs rounds only on demand (<c>streamrnn model train-now</c>).</summary>
    public TimeSpan Interval { get; set; } = DefaultInterval;

    /// <summary>Steps in one contributed window (its last <c>Model:Horizon</c> steps are targets only).</summary>
    [Range(8, 4096)]
    public int WindowSteps { get; set; } = DefaultWindowSteps;

    /// <summary>Readings on either side of a raised alert whose windows are left out of training.</summary>
    [Range(0, 100_000)]
    public int GuardReadings { get; set; } = DefaultGuardReadings;

    /// <summary>Windows the buffer keeps in all; the oldest window of the sensor holding most goes first.</summary>
    [Range(2, 1_000_000)]
    public int BufferCapacity { get; set; } = DefaultBufferCapacity;

    /// <summary>Windows the buffer keeps per sensor (its newest), so busy sensors cannot dominate.</summary>
    [Range(2, 10_000)]
    public int WindowsPerSensor { get; set; } = DefaultWindowsPerSensor;

    /// <summary>The fewest training windows a round needs; with fewer it is skipped.</summary>
    [Range(1, 1_000_000)]
    public int MinWindows { get; set; } = DefaultMinWindows;

    /// <summary>The most training windows one round uses, drawn evenly across sensors.</summary>
    [Range(1, 1_000_000)]
    public int MaxTrainWindows { get; set; } = DefaultMaxTrainWindows;

    /// <summary>Passes over the round's training windows.</summary>
    [Range(1, 1000)]
    public int Epochs { get; set; } = DefaultEpochs;

    /// <summary>Adam learning rate.</summary>
    [Range(1e-9, 1.0)]
    public double LearningRate { get; set; } = DefaultLearningRate;

    /// <summary>Windows per mini-batch.</summary>
    [Range(1, 65_536)]
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Global gradient-norm clip.</summary>
    [Range(1e-6, 1e6)]
    public double GradientClipNorm { get; set; } = DefaultGradientClipNorm;

    /// <summary>Seed of the mini-batch order and dropout.</summary>
    public long Seed { get; set; } = DefaultSeed;

    /// <summary>
    /// A candidate is promoted only if its held-out error is at most the active version's × (1 + Tolerance). Negative, a
    /// candidate must be that much better (−0.02: 2 % lower error): every promotion makes every sensor switch models.
    /// </summary>
    [Range(-0.5, 10.0)]
    public double Tolerance { get; set; } = DefaultTolerance;

    /// <summary>How often each silo also checks the active version (observer notifications are the fast path).</summary>
    public TimeSpan SyncInterval { get; set; } = DefaultSyncInterval;

    /// <summary>Rounds kept in the coordinator's history.</summary>
    [Range(1, 10_000)]
    public int History { get; set; } = DefaultHistory;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Interval < TimeSpan.Zero)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Interval)} must be 00:00:00 (on demand only) or positive; got {Interval}.", [nameof(Interval)]);
        }

        if (SyncInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(SyncInterval)} must be positive; got {SyncInterval}.", [nameof(SyncInterval)]);
        }

        if (WindowsPerSensor > BufferCapacity)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(WindowsPerSensor)} ({WindowsPerSensor}) cannot exceed {SectionName}:{nameof(BufferCapacity)} ({BufferCapacity}).",
                [nameof(WindowsPerSensor)]);
        }
    }
}
