using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using StreamRnn.Contracts;
using StreamRnn.Tests.Shared;

namespace StreamRnn.Grains.Tests;

/// <summary>
/// A multichannel sensor end to end through a sensor grain (the real inference pool and the seeded GRU forecasting
/// channel 0): a pump whose pressure stops following its current, while each channel alone looks as before, raises an
/// anomaly whose Kafka JSON and one-line explanation name the channel, valid against the alert schema.
/// </summary>
[Collection(MultichannelClusterGroup.Name)]
public sealed class SensorGrainMultichannelTests(MultichannelClusterFixture fixture)
{
    private const int BreakAt = 10 * PumpFleet.PerDay;

    [Fact]
    public async Task ApplyAsync_PumpPressureDecouplesFromCurrent_AlertJsonNamesTheChannel()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "pump-decoupled";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        var readings = PumpFleet.Pump(2, 12, PumpFleet.Fault.PressureDecoupled, BreakAt);

        for (var first = 0; first < readings.Length; first += 48)
        {
            var batch = readings[first..Math.Min(first + 48, readings.Length)];
            await sensor.ApplyAsync(new SensorReadingBatch([.. batch.Select(r => new SensorReading(r.Partition, r.Offset, r.Timestamp, r.Values))]), ct);
        }

        var alerts = fixture.AlertSink.For(id);
        var start = alerts.First(a => a is { Kind: AlertKind.Anomaly, Phase: AlertPhase.Start } && a.SourceOffset >= BreakAt);
        Assert.InRange(start.SourceOffset, BreakAt, BreakAt + PumpFleet.PerDay - 1);
        Assert.DoesNotContain(alerts, a => a.Kind == AlertKind.Anomaly && a.Explanation?.Basis == "relation" && a.SourceOffset < BreakAt);
        var explanation = start.Explanation!;
        Assert.Equal("relation", explanation.Basis);
        Assert.InRange(explanation.Channel, 1, 2);
        Assert.Contains(explanation.Channel, explanation.Channels!);
        Assert.Equal(4, explanation.ChannelSurprises!.Length);
        Assert.Contains($"anomaly on ch{explanation.Channel}", explanation.Describe(), StringComparison.Ordinal);
        Assert.Contains($"over threshold: ch", explanation.Describe(), StringComparison.Ordinal);

        var json = JsonNode.Parse(SensorAlertJson.Serialize(start))!;
        var results = SensorAlertJsonTests.Schema.Value.Evaluate(JsonSerializer.SerializeToElement(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, json.ToJsonString());
        Assert.Equal(explanation.Channel, json["explanation"]!["channel"]!.GetValue<int>());
        Assert.Equal("relation", json["explanation"]!["basis"]!.GetValue<string>());
        Assert.Contains(explanation.Channel, json["explanation"]!["channels"]!.AsArray().Select(c => c!.GetValue<int>()));
        Assert.Equal(SensorAlertJson.Serialize(start), SensorAlertJson.Serialize(SensorAlertJson.Deserialize(SensorAlertJson.Serialize(start))!));
    }
}
