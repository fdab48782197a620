using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace StreamRnn.Grains;

/// <summary>How sensors score readings and when they alert. Section <c>Sensors</c>.</summary>
public sealed class SensorOptions : IValidatableObject
{
    public const string SectionName = "Sensors";

    private const double DefaultAnomalyThreshold = 0.999995;
    private const double DefaultAnomalyClearThreshold = 0.9;
    private const int DefaultStuckReadings = 12;
    private const int DefaultDropoutIntervals = 5;
    private const int DefaultWindowSize = 64;

    /// <summary>An anomaly alert is raised when the score reaches this value (score in [0, 1]).</summary>
    [Range(0.5, 1.0)]
    public double AnomalyThreshold { get; set; } = DefaultAnomalyThreshold;

    /// <summary>An anomaly event ends when the score falls below this value; a new one may start after.</summary>
    [Range(0.0, 1.0)]
    public double AnomalyClearThreshold { get; set; } = DefaultAnomalyClearThreshold;

    /// <summary>Readings in a row with exactly the same value that make a stuck sensor.</summary>
    [Range(2, 1_000_000)]
    public int StuckReadings { get; set; } = DefaultStuckReadings;

    /// <summary>A sensor that sends nothing for this many of its usual intervals has dropped out.</summary>
    [Range(2, 1_000_000)]
    public int DropoutIntervals { get; set; } = DefaultDropoutIntervals;

    /// <summary>How often an active sensor checks for dropout (a grain timer: it fires with no message).</summary>
    public TimeSpan DropoutCheckPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The shortest silence that counts as dropout, whatever the sensor's usual interval.</summary>
    public TimeSpan MinimumDropoutSilence { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Recent values each sensor keeps (for re-warming after a model switch and for inspection).</summary>
    [Range(1, 100_000)]
    public int WindowSize { get; set; } = DefaultWindowSize;

    /// <summary>Readings after a model switch during which the sensor raises no anomaly alert (its scorer keeps learning).</summary>
    [Range(0, 100_000)]
    public int SwitchProbationReadings { get; set; } = 32;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AnomalyClearThreshold >= AnomalyThreshold)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(AnomalyClearThreshold)} ({AnomalyClearThreshold}) must be below {SectionName}:{nameof(AnomalyThreshold)} ({AnomalyThreshold}).",
                [nameof(AnomalyClearThreshold)]);
        }

        if (DropoutCheckPeriod <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(DropoutCheckPeriod)} must be positive.", [nameof(DropoutCheckPeriod)]);
        }

        if (MinimumDropoutSilence <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(MinimumDropoutSilence)} must be positive.", [nameof(MinimumDropoutSilence)]);
        }
    }
}
