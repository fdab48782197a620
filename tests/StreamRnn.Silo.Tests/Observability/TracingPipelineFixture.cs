using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Orleans.Hosting;
using StreamRnn.Telemetry;

namespace StreamRnn.Silo.Tests.Observability;

/// <summary>
/// The pipeline with Orleans' activity propagation on every silo (as the silo executable has it), a scores topic, one
/// reading per sensor call, and an OpenTelemetry tracer with the in-memory exporter that records the spans of the
/// traces a test starts (<see cref="ProducerSource"/>'s spans and everything under them) and drops every other one.
/// </summary>
public sealed class TracingPipelineFixture : PipelineFixture
{
    public const string ScoresTopic = "test-scores";

    /// <summary>The source of a test's producer spans: the root of each reading's trace.</summary>
    public static readonly ActivitySource ProducerSource = new("StreamRnn.Tests.Producer");

    private readonly ConcurrentDictionary<ActivityTraceId, byte> _traces = new();
    private readonly TracerProvider _tracer;

    public TracingPipelineFixture()
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .SetSampler(new TestTraceSampler(_traces))
            .AddSource(ProducerSource.Name, StreamRnnTelemetry.ActivitySourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
            .AddInMemoryExporter(Exported)
            .Build();
    }

    /// <summary>The spans exported so far (the tests' traces only).</summary>
    public ActivityCollection Exported { get; } = new();

    protected override IReadOnlyList<(string Topic, int Partitions)> ExtraTopics { get; } = [(ScoresTopic, 2)];

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Kafka:ScoresTopic"] = ScoresTopic,
        ["Ingest:MaxReadingsPerCall"] = "1",
    };

    protected override void ConfigureSilo(ISiloBuilder silo) => silo.AddActivityPropagation();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _tracer.Dispose();
    }

    /// <summary>Records a test's producer spans and every span in their traces; drops the rest (other tests' pipelines, ingest polls).</summary>
    private sealed class TestTraceSampler(ConcurrentDictionary<ActivityTraceId, byte> traces) : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
        {
            if (samplingParameters.ParentContext.TraceId == default && samplingParameters.Name.StartsWith("test ", StringComparison.Ordinal))
            {
                traces.TryAdd(samplingParameters.TraceId, 0);
            }

            return new SamplingResult(traces.ContainsKey(samplingParameters.TraceId) ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TracingPipelineGroup : ICollectionFixture<TracingPipelineFixture>
{
    public const string Name = "tracing pipeline";
}
