using System.Diagnostics.Metrics;
using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Silo.Tests;

[Collection(PipelineGroup.Name)]
public sealed class BatchingTests(PipelineFixture fixture)
{
    [Fact]
    public async Task InferencePool_ThousandConcurrentSensors_MeanBatchSizeFarAboveOne()
    {
        var ct = TestContext.Current.CancellationToken;
        long forwards = 0;
        long requests = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StreamRnnTelemetry.MeterName && instrument.Name == "streamrnn.inference.batch.size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            Interlocked.Increment(ref forwards);
            Interlocked.Add(ref requests, value);
        });
        listener.Start();

        var start = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
        for (var round = 0; round < 3; round++)
        {
            var calls = Enumerable.Range(0, 1_000).Select(i =>
                fixture.SiloGrains.GetGrain<ISensorGrain>($"batching-{i}")
                    .ApplyAsync(new SensorReadingBatch([new SensorReading(0, round, start.AddMinutes(round), [Math.Sin(i + round)])]), ct).AsTask());
            var results = await Task.WhenAll(calls);
            Assert.All(results, r => Assert.Equal(1, r.Applied));
        }

        listener.RecordObservableInstruments();
        var mean = (double)Interlocked.Read(ref requests) / Math.Max(1, Interlocked.Read(ref forwards));
        Assert.True(requests >= 3_000, $"only {requests} requests were measured");
        Assert.True(mean >= 10, $"mean batch size {mean:F1} over {forwards} forwards");
    }
}
