using System.Diagnostics;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Telemetry;

namespace StreamRnn.Silo.Tests.Observability;

/// <summary>
/// One trace per reading's journey, over the real pipeline (embedded Kafka, two silos): the producer's span goes in the
/// message's <c>traceparent</c> header, and ingest, the sensor grain call, the batcher step and the score and alert
/// publishes are all spans of that trace, each under the one before.
/// </summary>
[Collection(TracingPipelineGroup.Name)]
public sealed class ReadingTraceTests(TracingPipelineFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pipeline_ReadingsWithTraceparent_EachJourneyIsOneTraceFromProducerToPublish()
    {
        var ct = TestContext.Current.CancellationToken;
        const string sensorId = "trace-sensor";
        const int varied = 30;
        const int stuck = 30;

        // Varied readings, then the same value again and again: the sensor raises a stuck alert among the last ones.
        var producers = new Dictionary<ActivityTraceId, ActivitySpanId>();
        using (var replay = new ReplayProducer(fixture.ProducerConfig(), PipelineFixture.ReadingsTopic))
        {
            for (var i = 0; i < varied + stuck; i++)
            {
                var value = i < varied ? 10 + (5 * Math.Sin(i * 0.7)) + (i % 3) : 42.0;
                using var producer = TracingPipelineFixture.ProducerSource.StartActivity("test readings publish", ActivityKind.Producer);
                Assert.NotNull(producer);
                producers.Add(producer.TraceId, producer.SpanId);
                replay.Produce(sensorId, Start.AddMinutes(i), [value]);
            }

            replay.Flush(ct);
            Assert.Equal(0, replay.Failed);
        }

        var sensor = fixture.Client.GetGrain<ISensorGrain>(sensorId);
        Assert.True(
            await PipelineFixture.EventuallyAsync(async () => (await sensor.GetSnapshotAsync(ct)).ReadingsApplied == varied + stuck, TimeSpan.FromMinutes(2), ct),
            "not every reading was applied in time");
        Assert.True((await sensor.GetSnapshotAsync(ct)).AlertsRaised > 0, "the stuck readings raised no alert, so the alert span is not tested");

        // Every reading's trace holds its ingest call, the grain call, the batcher step and the score publish.
        Dictionary<ActivityTraceId, List<Activity>> traces = [];
        var complete = await PipelineFixture.EventuallyAsync(() =>
        {
            traces = fixture.Exported.Snapshot().Where(a => producers.ContainsKey(a.TraceId)).GroupBy(a => a.TraceId).ToDictionary(g => g.Key, g => g.ToList());
            return Task.FromResult(producers.Keys.All(id => traces.TryGetValue(id, out var spans)
                && spans.Any(s => s.DisplayName == StreamRnnActivities.ScorePublish)
                && spans.Any(s => s.DisplayName == StreamRnnActivities.IngestApply)));
        }, TimeSpan.FromMinutes(1), ct);
        Assert.True(complete, $"of {producers.Count} traces, {Missing(StreamRnnActivities.IngestApply)} have no '{StreamRnnActivities.IngestApply}' span and {Missing(StreamRnnActivities.ScorePublish)} no '{StreamRnnActivities.ScorePublish}' span");

        int Missing(string span) => producers.Keys.Count(id => !traces.TryGetValue(id, out var spans) || !spans.Any(s => s.DisplayName == span));

        // Kafka delivers at least once: a reading consumed again (after a rebalance between the two silos, which a loaded
        // machine's slow polls can bring) has a second ingest span and grain call in its trace, and the sensor, which has
        // applied it, steps and publishes it only once.
        foreach (var (traceId, producerSpan) in producers)
        {
            var spans = traces[traceId];
            var ingests = spans.Where(s => s.DisplayName == StreamRnnActivities.IngestApply).ToList();
            Assert.All(ingests, ingest =>
            {
                Assert.Equal(producerSpan, ingest.ParentSpanId);
                Assert.Equal(ActivityKind.Consumer, ingest.Kind);
                Assert.Equal(sensorId, ingest.GetTagItem("streamrnn.sensor.id"));
            });

            var step = Assert.Single(spans, s => s.DisplayName == StreamRnnActivities.InferenceStep);
            var grainCall = GrainCallAbove(spans, step);
            Assert.Contains(ingests, ingest => IsUnder(spans, grainCall, ingest));
            var scores = Assert.Single(spans, s => s.DisplayName == StreamRnnActivities.ScorePublish);
            Assert.Equal(ActivityKind.Producer, scores.Kind);
            AssertUnder(spans, scores, grainCall);
        }

        // The alerts: in the trace of the reading that raised them, under the grain call that stepped it.
        var alerted = traces.Values.Where(spans => spans.Any(s => s.DisplayName == StreamRnnActivities.AlertPublish)).ToList();
        Assert.NotEmpty(alerted);
        foreach (var spans in alerted)
        {
            var grainCall = GrainCallAbove(spans, Assert.Single(spans, s => s.DisplayName == StreamRnnActivities.InferenceStep));
            Assert.All(spans.Where(s => s.DisplayName == StreamRnnActivities.AlertPublish), alert =>
            {
                Assert.Equal(ActivityKind.Producer, alert.Kind);
                AssertUnder(spans, alert, grainCall);
            });
        }
    }

    /// <summary>The sensor grain call (its server span) that <paramref name="span"/> is under.</summary>
    private static Activity GrainCallAbove(List<Activity> spans, Activity span)
    {
        var call = spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains(nameof(ISensorGrain), StringComparison.Ordinal) && IsUnder(spans, span, s));
        Assert.True(call is not null, $"'{span.DisplayName}' is under no {nameof(ISensorGrain)} call");
        return call;
    }

    /// <summary>Whether <paramref name="ancestor"/> is on <paramref name="span"/>'s chain of parents within its trace.</summary>
    private static bool IsUnder(List<Activity> spans, Activity span, Activity ancestor)
    {
        var byId = spans.ToDictionary(s => s.SpanId);
        var current = span;
        while (byId.TryGetValue(current.ParentSpanId, out var parent))
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }

            current = parent;
        }

        return false;
    }

    /// <summary>Asserts <paramref name="ancestor"/> is on <paramref name="span"/>'s chain of parents within its trace.</summary>
    private static void AssertUnder(List<Activity> spans, Activity span, Activity ancestor)
    {
        var byId = spans.ToDictionary(s => s.SpanId);
        var chain = new List<string> { span.DisplayName };
        var current = span;
        while (byId.TryGetValue(current.ParentSpanId, out var parent))
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return;
            }

            chain.Add(parent.DisplayName);
            current = parent;
        }

        Assert.Fail($"'{span.DisplayName}' is not under '{ancestor.DisplayName}': its parents are {string.Join(" <- ", chain)}");
    }
}
