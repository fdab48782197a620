using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Grains.Placement;

/// <summary>The pool across silos (configuration section <c>InferencePool</c>).</summary>
public sealed class InferencePoolOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "InferencePool";

    /// <summary>The <see cref="Accelerator"/> value that follows <c>Model:Device</c>.</summary>
    public const string AutoAccelerator = "auto";

    private const string DefaultAccelerator = AutoAccelerator;
    private const bool DefaultUseAcceleratorSilos = true;
    private const int DefaultGrainsPerSilo = 8;

    /// <summary>
    /// What this silo advertises in its metadata (<see cref="AcceleratorSiloMetadata.Key"/>): <c>auto</c> (<c>cuda</c> when
    /// <c>Model:Device</c> resolves to a CUDA device, <c>none</c> otherwise), <c>cuda</c> (whatever the device: a test
    /// cluster on CPU, or a device the silo cannot detect) or <c>none</c> (never: keep this silo out of the pool and of
    /// trainer placement).
    /// </summary>
    [Required]
    [RegularExpression("^(?i:auto|cuda|none)$", ErrorMessage = "InferencePool:Accelerator must be auto, cuda or none.")]
    public string Accelerator { get; set; } = DefaultAccelerator;

    /// <summary>
    /// Whether the sensors on this silo (when it advertises no accelerator itself) send their steps to pool grains on silos
    /// that do; false keeps every step on this silo's batcher.
    /// </summary>
    public bool UseAcceleratorSilos { get; set; } = DefaultUseAcceleratorSilos;

    /// <summary>Pool grains per accelerator silo; a sensor picks one by a hash of its id (more spread the calls' turns).</summary>
    [Range(1, 1024)]
    public int GrainsPerSilo { get; set; } = DefaultGrainsPerSilo;

    /// <summary>Resolves <paramref name="accelerator"/> (a value of <see cref="Accelerator"/>) against the silo's device.</summary>
    /// <returns><see cref="AcceleratorSiloMetadata.Cuda"/> or <see cref="AcceleratorSiloMetadata.None"/>.</returns>
    public static string Advertised(string? accelerator, Func<bool> deviceIsCuda)
    {
        ArgumentNullException.ThrowIfNull(deviceIsCuda);
        if (string.Equals(accelerator, AcceleratorSiloMetadata.Cuda, StringComparison.OrdinalIgnoreCase))
        {
            return AcceleratorSiloMetadata.Cuda;
        }

        if (string.Equals(accelerator, AcceleratorSiloMetadata.None, StringComparison.OrdinalIgnoreCase))
        {
            return AcceleratorSiloMetadata.None;
        }

        // auto, unset, or a value validation refuses at start.
        return deviceIsCuda() ? AcceleratorSiloMetadata.Cuda : AcceleratorSiloMetadata.None;
    }
}
