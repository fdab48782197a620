using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using StreamRnn.Contracts;
using StreamRnn.Telemetry;

namespace StreamRnn.Grains.Tests.Alerts;

/// <summary>
/// The alert lifecycle's counter <see cref="StreamRnnTelemetry.AlertTransitions"/>, read from this cluster's silo only (its meter
/// factory is the meters' scope, so other clusters in the test process do not count).
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class AlertTelemetryTests(FakeClockClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Transitions_OpenAcknowledgeEnd_CountedByTransitionKindAndWhoMadeThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var siloMeters = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IMeterFactory>();
        var counted = new ConcurrentDictionary<(string Transition, string Kind, string By), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == siloMeters && instrument.Name == StreamRnnTelemetry.AlertTransitions)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => (string)t.Value!);
            counted.AddOrUpdate((tagged["transition"], tagged["kind"], tagged["by"]), value, (_, total) => total + value);
        });
        listener.Start();
        var before = counted.ToDictionary();

        var sensor = fixture.Client.GetGrain<ISensorGrain>("telemetry-lifecycle");
        await sensor.SetSettingsAsync(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("MaxValue", "100")]), ct);
        await sensor.ApplyAsync(Batch(0, 50, 60, 150), ct);
        var alert = Assert.Single(await fixture.Client.ListAlertsAsync(new AlertQuery(SensorId: "telemetry-lifecycle"), ct));
        await fixture.Client.AcknowledgeAsync(alert.AlertId, "ana", "looking", ct);
        await sensor.ApplyAsync(Batch(3, 70), ct);

        long Added((string, string, string) key) => counted.GetValueOrDefault(key) - before.GetValueOrDefault(key);
        // The collection's tests run one at a time, and only this one raises an out-of-range alert while it listens.
        Assert.Equal(1, Added(("opened", "outofrange", "sensor")));
        Assert.Equal(1, Added(("acknowledged", "outofrange", "person")));
        Assert.Equal(1, Added(("resolved", "outofrange", "sensor")));
        Assert.DoesNotContain(counted.Keys, key => key.By is not ("sensor" or "person"));
    }

    private static SensorReadingBatch Batch(long firstOffset, params double[] values) =>
        new([.. values.Select((value, i) => new SensorReading(0, firstOffset + i, Start.AddMinutes(firstOffset + i), [value]))]);
}
