using System.Collections.Concurrent;
using System.Globalization;
using StreamRnn.Client;
using StreamRnn.Contracts;

namespace StreamRnn.Silo.Tests;

[Collection(PipelineGroup.Name)]
public sealed class ClientTests(PipelineFixture fixture) : IDisposable
{
    private readonly List<string> _files = [];

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task CsvSeriesReader_NabLayout_ReadsRowsAsUtcAndSkipsHeader()
    {
        var path = WriteCsv("timestamp,value", "2014-04-01 00:00:00,20.5", "2014-04-01 00:05:00,21", "", "2014-04-01 00:10:00,-3e2");

        var points = await CsvSeriesReader.ReadAsync(path, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, points.Count);
        Assert.Equal(new DateTimeOffset(2014, 4, 1, 0, 5, 0, TimeSpan.Zero), points[1].Timestamp);
        Assert.Equal([-300.0], points[2].Values);
    }

    [Fact]
    public async Task CsvSeriesReader_BadNumber_FailsNamingFileAndLine()
    {
        var path = WriteCsv("timestamp,value", "2014-04-01 00:00:00,20.5", "2014-04-01 00:05:00,high");

        var exception = await Assert.ThrowsAsync<FormatException>(async () =>
            await CsvSeriesReader.ReadAsync(path, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Contains(":3:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayProducer_CsvFile_EveryRowIsAppliedToTheSensor()
    {
        var ct = TestContext.Current.CancellationToken;
        var rows = Enumerable.Range(0, 250).Select(i => string.Create(CultureInfo.InvariantCulture, $"{new DateTime(2014, 4, 1).AddMinutes(5 * i):yyyy-MM-dd HH:mm:ss},{50 + 10 * Math.Sin(i / 9.0)}"));
        var path = WriteCsv(["timestamp,value", .. rows]);

        using (var replay = new ReplayProducer(fixture.ProducerConfig(), PipelineFixture.ReadingsTopic))
        {
            var sent = await replay.ReplayAsync(path, "replay-csv", readingsPerSecond: 0, progress: null, ct);
            replay.Flush(ct);
            Assert.Equal(250, sent);
            Assert.Equal(0, replay.Failed);
        }

        var sensor = fixture.Client.GetGrain<ISensorGrain>("replay-csv");
        Assert.True(await PipelineFixture.EventuallyAsync(async () => (await sensor.GetSnapshotAsync(ct)).ReadingsApplied == 250, TimeSpan.FromMinutes(1), ct));
        var snapshot = await sensor.GetSnapshotAsync(ct);
        Assert.Equal(new DateTimeOffset(2014, 4, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(5 * 249), snapshot.LastTimestamp);
        Assert.Equal(5, snapshot.Forecast.Length);
        Assert.Equal(1, snapshot.ModelVersion);
    }

    [Fact]
    public async Task AlertSubscription_SensorRaisesAlert_ClientReceivesItOnTheOrleansStream()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = new ConcurrentQueue<SensorAlert>();
        var subscription = await AlertSubscription.SubscribeAsync(fixture.Client, alert =>
        {
            received.Enqueue(alert);
            return Task.CompletedTask;
        });
        try
        {
            var sensor = fixture.SiloGrains.GetGrain<ISensorGrain>("stream-stuck");
            var start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
            var values = Enumerable.Range(0, 60).Select(i => i < 30 ? 5 + Math.Sin(i) : 4.25).ToArray();
            await sensor.ApplyAsync(new SensorReadingBatch([.. values.Select((v, i) => new SensorReading(0, i, start.AddMinutes(i), [v]))]), ct);

            Assert.True(await PipelineFixture.EventuallyAsync(
                () => Task.FromResult(received.Any(a => a.SensorId == "stream-stuck" && a.Kind == AlertKind.Stuck)), TimeSpan.FromSeconds(30), ct));
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private string WriteCsv(params string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"streamrnn-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, lines);
        _files.Add(path);
        return path;
    }
}
