using System.Collections.Immutable;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests.Faults;

/// <summary>
/// A sensor applies a batch wholly or not at all: a one-shot failure of the alert sink, the score sink, the inference
/// batcher or grain storage, followed by the retry ingest makes, leaves its alerts, scores and persisted state equal to
/// those of a sensor that saw no fault.
/// </summary>
[Collection(FaultInjectionClusterGroup.Name)]
public sealed class SensorGrainAtomicApplyTests(FaultInjectionClusterFixture fixture)
{
    private const int Steps = 1_200;
    private const int BatchSize = 50;

    /// <summary>The batch holding the spike at reading 800, which raises alerts.</summary>
    private const int SpikeBatch = 800 / BatchSize;

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(FaultPoint.AlertSink)]
    [InlineData(FaultPoint.ScoreSink)]
    [InlineData(FaultPoint.Batcher)]
    [InlineData(FaultPoint.GrainStorage)]
    public async Task ApplyAndCheckpoint_OneShotFaultThenRetry_AlertsScoresAndStateEqualAFaultFreeRun(FaultPoint point)
    {
        var ct = TestContext.Current.CancellationToken;
        var (referenceId, faultyId) = ($"atomic-reference-{point}", $"atomic-faulty-{point}");
        var reference = fixture.Client.GetGrain<ISensorGrain>(referenceId);
        var faulty = fixture.Client.GetGrain<ISensorGrain>(faultyId);
        var series = Series();
        for (var batch = 0; batch * BatchSize < Steps; batch++)
        {
            var readings = new SensorReadingBatch([.. Enumerable.Range(batch * BatchSize, BatchSize)
                .Select(t => new SensorReading(0, t, Start.AddMinutes(t), [series[t]]))]);
            await reference.ApplyAsync(readings, ct);
            await reference.CheckpointAsync(ImmutableDictionary<int, long>.Empty, ct);

            if (batch == SpikeBatch)
            {
                fixture.Faults.Arm(point);
            }

            await RetryOnceAsync(() => faulty.ApplyAsync(readings, ct).AsTask());
            await RetryOnceAsync(() => faulty.CheckpointAsync(ImmutableDictionary<int, long>.Empty, ct).AsTask());
        }

        Assert.Equal(1, fixture.Faults.Fired(point));
        var referenceAlerts = fixture.AlertSink.For(referenceId).Select(a => (a.Kind, a.Phase, a.SourceOffset)).ToList();
        Assert.Contains(referenceAlerts, a => a.SourceOffset == 800);

        // At least once: a retried batch may publish an alert again; the same alert never goes missing or changes.
        var faultyAlerts = fixture.AlertSink.For(faultyId).Select(a => (a.Kind, a.Phase, a.SourceOffset)).Distinct().ToList();
        Assert.Equal(referenceAlerts, faultyAlerts);

        var referenceScores = fixture.ScoreSink.For(referenceId).Select(s => (s.SourceOffset, s.Value, s.Expected, s.Score)).ToList();
        var faultyScores = fixture.ScoreSink.For(faultyId).Select(s => (s.SourceOffset, s.Value, s.Expected, s.Score)).Distinct().ToList();
        Assert.Equal(Steps, referenceScores.Count);
        Assert.Equal(referenceScores, faultyScores);

        var (a, b) = (await fixture.ReadSensorStateAsync(referenceId), await fixture.ReadSensorStateAsync(faultyId));
        Assert.Equal(a.AppliedOffsets, b.AppliedOffsets);
        Assert.Equal(a.HiddenState, b.HiddenState);
        Assert.Equal(a.Pipeline, b.Pipeline);
        Assert.Equal(a.AlertsRaised, b.AlertsRaised);
        Assert.Equal(a.ModelVersion, b.ModelVersion);
    }

    /// <summary>What ingest does with a failed call: tries it again.</summary>
    private static async Task RetryOnceAsync<T>(Func<Task<T>> call)
    {
        try
        {
            await call();
        }
        catch (Exception exception) when (exception is InjectedFaultException || exception.InnerException is InjectedFaultException)
        {
            await call();
        }
    }

    /// <summary>A noisy sine, one reading a minute, with a spike at 800.</summary>
    private static double[] Series()
    {
        var random = new Random(11);
        var values = new double[Steps];
        for (var t = 0; t < Steps; t++)
        {
            values[t] = 20 + (3 * Math.Sin(t / 4.0)) + (0.3 * random.NextDouble());
        }

        values[800] += 30;
        return values;
    }
}
