using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamRnn.Batching;
using StreamRnn.Grains.Placement;
using StreamRnn.Grains.SensorListing;
using StreamRnn.Grains.Training;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// What every sensor grain of a silo uses and none owns: the sinks, telemetry, settings, clock and logger, and the
/// silo's dropout wake-ups and inference path (those resolved at first use). One object per silo, held through one
/// reference by each sensor instead of a dozen of its own (about 100 bytes per sensor).
/// </summary>
public sealed class SensorGrainServices
{
    private readonly IServiceProvider _services;
    private DropoutWakeUps? _wakeUps;
    private InferencePoolRouter? _poolRouter;
    private InferencePoolCounters? _poolCounters;
    private IInferenceBatcher? _localBatcher;

    public SensorGrainServices(
        IAlertSink alertSink,
        IScoreSink scoreSink,
        IDeadLetterSink deadLetters,
        SensorTelemetry telemetry,
        IOptions<SensorOptions> options,
        IOptions<FineTuningOptions> fineTuning,
        IOptions<SensorDirectoryOptions> directory,
        [FromKeyedServices(SensorGrain.ClockKey)] TimeProvider clock,
        ILogger<SensorGrain> logger,
        IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fineTuning);
        ArgumentNullException.ThrowIfNull(directory);
        AlertSink = alertSink;
        ScoreSink = scoreSink;
        DeadLetters = deadLetters;
        Telemetry = telemetry;
        Options = options.Value;
        FineTuning = fineTuning.Value;
        Directory = directory.Value;
        Clock = clock;
        Logger = logger;
        _services = services;
    }

    public IAlertSink AlertSink { get; }

    public IScoreSink ScoreSink { get; }

    public IDeadLetterSink DeadLetters { get; }

    public SensorTelemetry Telemetry { get; }

    /// <summary>The silo's sensor settings (a sensor layers its group's over them).</summary>
    public SensorOptions Options { get; }

    public FineTuningOptions FineTuning { get; }

    public SensorDirectoryOptions Directory { get; }

    /// <summary>The sensors' clock (<see cref="SensorGrain.ClockKey"/>).</summary>
    public TimeProvider Clock { get; }

    public ILogger<SensorGrain> Logger { get; }

    /// <summary>The silo's one dropout timer.</summary>
    public DropoutWakeUps WakeUps => _wakeUps ??= _services.GetRequiredService<DropoutWakeUps>();

    /// <summary>Where steps go when the cluster has accelerator silos; null on a silo set up without the pool (no AddAcceleratorPlacement): it batches locally.</summary>
    public InferencePoolRouter? PoolRouter => _poolRouter ??= _services.GetService<InferencePoolRouter>();

    public InferencePoolCounters PoolCounters => _poolCounters ??= _services.GetRequiredService<InferencePoolCounters>();

    /// <summary>This silo's batcher.</summary>
    public IInferenceBatcher LocalBatcher => _localBatcher ??= _services.GetRequiredService<IInferenceBatcher>();
}
