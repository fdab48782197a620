using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using StreamRnn.Batching;
using StreamRnn.Contracts;
using StreamRnn.Grains.Placement;
using StreamRnn.Grains.SensorListing;
using StreamRnn.Grains.Training;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// What every sensor grain of a silo uses and none owns: the sinks, telemetry, settings, clock and logger, the silo's
/// dropout wake-ups and its inference path. One object per silo, held through one reference by each sensor instead of
/// a dozen of its own (about 100 bytes per sensor).
/// </summary>
/// <param name="poolRouter">Where steps go when the cluster has accelerator silos; absent on a silo set up without the pool (no AddAcceleratorPlacement), which batches locally.</param>
/// <param name="poolCounters">The pool's counters, registered with <paramref name="poolRouter"/>.</param>
public sealed class SensorGrainServices(
    IAlertSink alertSink,
    IScoreSink scoreSink,
    IDeadLetterSink deadLetters,
    SensorTelemetry telemetry,
    IOptions<SensorOptions> options,
    IOptions<FineTuningOptions> fineTuning,
    IOptions<SensorDirectoryOptions> directory,
    [FromKeyedServices(SensorGrain.ClockKey)] TimeProvider clock,
    ILogger<SensorGrain> logger,
    DropoutWakeUps wakeUps,
    IInferenceBatcher localBatcher,
    [FromKeyedServices(StorageNames.Sensors)] IGrainStorage sensorStorage,
    InferencePoolRouter? poolRouter = null,
    InferencePoolCounters? poolCounters = null)
{
    public IAlertSink AlertSink { get; } = alertSink;

    public IScoreSink ScoreSink { get; } = scoreSink;

    public IDeadLetterSink DeadLetters { get; } = deadLetters;

    public SensorTelemetry Telemetry { get; } = telemetry;

    /// <summary>The silo's sensor settings (a sensor layers its group's over them).</summary>
    public SensorOptions Options { get; } = (options ?? throw new ArgumentNullException(nameof(options))).Value;

    public FineTuningOptions FineTuning { get; } = (fineTuning ?? throw new ArgumentNullException(nameof(fineTuning))).Value;

    public SensorDirectoryOptions Directory { get; } = (directory ?? throw new ArgumentNullException(nameof(directory))).Value;

    /// <summary>The sensors' clock (<see cref="SensorGrain.ClockKey"/>).</summary>
    public TimeProvider Clock { get; } = clock;

    public ILogger<SensorGrain> Logger { get; } = logger;

    /// <summary>The silo's one dropout timer.</summary>
    public DropoutWakeUps WakeUps { get; } = wakeUps;

    /// <summary>This silo's batcher.</summary>
    public IInferenceBatcher LocalBatcher { get; } = localBatcher;

    /// <summary>Where sensors' states are stored (<see cref="StorageNames.Sensors"/>).</summary>
    public IGrainStorage SensorStorage { get; } = sensorStorage;

    /// <summary>Where steps go when the cluster has accelerator silos; null on a silo without the pool.</summary>
    public InferencePoolRouter? PoolRouter { get; } = poolRouter;

    /// <summary>The pool's counters; null on a silo without the pool.</summary>
    public InferencePoolCounters? PoolCounters { get; } = poolCounters;
}
