using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using StreamRnn.Contracts;
using StreamRnn.Grains.Placement;
using StreamRnn.Telemetry;

namespace StreamRnn.Grains.Tests.Placement;

/// <summary>
/// A real two-silo cluster for the pool across silos: the first silo is plain; the second advertises an accelerator
/// (<c>InferencePool:Accelerator=cuda</c>, on CPU) when asked. Grains are placed on the silo that activates them (the
/// tests call sensors through the plain silo's grain factory, so they live there). It counts the steps each silo's batcher
/// runs from the batcher's own <c>streamrnn.inference.steps</c> counter (each silo's meter comes from its own factory).
/// </summary>
internal sealed class PoolCluster : IAsyncDisposable
{
    /// <summary>InProcessTestCluster names its silos Silo_0, Silo_1, … in the order it creates them.</summary>
    private const string PlainSiloName = "Silo_0";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<object, long> _steps = new();
    private readonly ConcurrentDictionary<InProcessSiloHandle, IMeterFactory> _meters = new();

    private readonly PoolCallFault _fault;

    private PoolCluster(InProcessTestCluster cluster, RecordingScoreSink scores, PoolCallFault fault)
    {
        _fault = fault;
        Cluster = cluster;
        Scores = scores;
        Plain = cluster.Silos.Single(silo => silo.Name == PlainSiloName);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == StreamRnnTelemetry.InferenceSteps && instrument.Meter.Scope is not null)
            {
                listener.EnableMeasurementEvents(instrument, instrument.Meter.Scope);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, scope) => _steps.AddOrUpdate(scope!, value, (_, sum) => sum + value));
        _listener.Start();
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>
    /// While set, every silo refuses calls to its pool grains with <see cref="SiloUnavailableException"/> before they reach
    /// the batcher: what a caller sees when the silo died or is going away with the call in flight.
    /// </summary>
    public bool FailPoolCalls
    {
        get => _fault.Armed;
        set => _fault.Armed = value;
    }

    public RecordingScoreSink Scores { get; }

    /// <summary>The silo that advertises no accelerator; the tests' sensors live here.</summary>
    public InProcessSiloHandle Plain { get; }

    /// <summary>The other silo (started with two): the accelerator silo when the cluster has one.</summary>
    public InProcessSiloHandle Second => Cluster.Silos.Single(silo => silo.Name != PlainSiloName);

    /// <summary>Starts <paramref name="silos"/> silos; every silo but the first advertises an accelerator when <paramref name="acceleratorSilo"/>.</summary>
    public static async Task<PoolCluster> StartAsync(bool acceleratorSilo, CancellationToken cancellationToken, int silos = 2)
    {
        var scores = new RecordingScoreSink();
        var fault = new PoolCallFault();
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((options, host) =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Inference:MaxWait"] = "00:00:00.002",
                ["Training:Interval"] = "00:00:00",
                ["InferencePool:Accelerator"] = acceleratorSilo && options.SiloName != PlainSiloName ? "cuda" : "none",
            };
            host.Configuration.AddInMemoryCollection(settings);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IScoreSink>(scores);
            GrainClusterFixture.ConfigureSilo(silo, new RecordingAlertSink());
            silo.Services.AddSingleton<IDeadLetterSink>(new RecordingDeadLetterSink());

            // Sensors activate where they are first called (the plain silo), so "sensors on the plain silo" is a fact.
            silo.Services.AddSingleton<PlacementStrategy, PreferLocalPlacement>();
            silo.AddIncomingGrainCallFilter(context => fault.Armed && context.InterfaceMethod.DeclaringType == typeof(IInferencePoolGrain)
                ? throw new SiloUnavailableException("injected: the pool's silo went away")
                : context.Invoke());
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(StreamNames.Provider));
        var cluster = builder.Build();
        await cluster.DeployAsync(cancellationToken);
        return new PoolCluster(cluster, scores, fault);
    }

    /// <summary>
    /// Steps <paramref name="silo"/>'s batcher has run since this cluster was started (ask once while the silo runs; the
    /// count stays readable after it stopped).
    /// </summary>
    public long BatcherSteps(InProcessSiloHandle silo) =>
        _steps.GetValueOrDefault(_meters.GetOrAdd(silo, static silo => silo.ServiceProvider.GetRequiredService<IMeterFactory>()));

    public static InferencePoolCounters PoolCounters(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<InferencePoolCounters>();

    /// <summary>Pool grain activations in the cluster, from the management grain.</summary>
    public async Task<int> PoolGrainActivationsAsync() =>
        (await Cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(statistic => statistic.GrainType.Contains(nameof(InferencePoolGrain), StringComparison.Ordinal))
            .Sum(statistic => statistic.ActivationCount);

    public static InferencePoolRouter Router(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<InferencePoolRouter>();

    public static SensorActivations Sensors(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<SensorActivations>();

    /// <summary>A sensor called through <paramref name="silo"/> (activated there).</summary>
    public static ISensorGrain Sensor(InProcessSiloHandle silo, string id) =>
        silo.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<ISensorGrain>(id);

    /// <summary>A plain silo and an accelerator silo (<see cref="Second"/>), once the plain silo routes its steps there.</summary>
    public static async Task<PoolCluster> StartRoutedToAcceleratorAsync(CancellationToken cancellationToken)
    {
        var pool = await StartAsync(acceleratorSilo: true, cancellationToken);
        try
        {
            await pool.WaitForRouteAsync([pool.Second.SiloAddress], cancellationToken);
            return pool;
        }
        catch
        {
            await pool.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the plain silo's router sends steps to <paramref name="expected"/> (membership, metadata and manifest have arrived).</summary>
    public async Task WaitForRouteAsync(IReadOnlyList<SiloAddress> expected, CancellationToken cancellationToken)
    {
        var router = Router(Plain);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!router.AcceleratorSilos.SequenceEqual(expected))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the plain silo routes to [{string.Join(", ", router.AcceleratorSilos)}], not [{string.Join(", ", expected)}]");
            await Task.Delay(20, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class PoolCallFault
    {
        private volatile bool _armed;

        public bool Armed
        {
            get => _armed;
            set => _armed = value;
        }
    }
}
