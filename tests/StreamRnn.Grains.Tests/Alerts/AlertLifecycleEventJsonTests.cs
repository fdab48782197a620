using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests.Alerts;

/// <summary>
/// The alert events topic's JSON against the schema shipped for consumers (<c>contracts/schemas/alert-lifecycle-event.schema.json</c>):
/// the real events of an alert opened, acknowledged and ended on the fake-clock cluster validate; JSON that lacks a
/// required member or has one the schema does not describe does not.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class AlertLifecycleEventJsonTests(FakeClockClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "schemas", "alert-lifecycle-event.schema.json")));

    private static SensorReadingBatch Batch(long firstOffset, params double[] values) =>
        new([.. values.Select((value, i) => new SensorReading(0, firstOffset + i, Start.AddMinutes(firstOffset + i), [value]))]);

    private static EvaluationResults Validate(JsonNode json) =>
        Schema.Value.Evaluate(JsonSerializer.SerializeToElement(json), new EvaluationOptions { OutputFormat = OutputFormat.List });

    /// <summary>The JSON of an alert's three events: opened, acknowledged, resolved by the sensor.</summary>
    private async Task<List<JsonObject>> RealEventsAsync(string sensorId, CancellationToken ct)
    {
        var sensor = fixture.Client.GetGrain<ISensorGrain>(sensorId);
        await sensor.SetSettingsAsync(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("MaxValue", "100")]), ct);
        await sensor.ApplyAsync(Batch(0, 50, 150), ct);
        var alert = Assert.Single(await fixture.Client.ListAlertsAsync(new AlertQuery(SensorId: sensorId), ct));
        await fixture.Client.AcknowledgeAsync(alert.AlertId, "ana", "on it", ct);
        await sensor.ApplyAsync(Batch(2, 60), ct);
        return [.. fixture.AlertEvents.For(sensorId).Select(e => JsonNode.Parse(AlertLifecycleEventJson.Serialize(e))!.AsObject())];
    }

    [Fact]
    public async Task Serialize_RealTransitions_ValidateAgainstTheSchema()
    {
        var events = await RealEventsAsync("event-json-valid", TestContext.Current.CancellationToken);

        Assert.Equal(["Opened", "Acknowledged", "Resolved"], events.Select(e => (string?)e["transition"]));
        Assert.All(events, json => Assert.True(Validate(json).IsValid, json.ToJsonString()));
        Assert.Equal("ana", (string?)events[1]["by"]);
        Assert.Equal("sensor", (string?)events[2]["by"]);
    }

    [Theory]
    [InlineData("eventId")]
    [InlineData("transition")]
    [InlineData("by")]
    [InlineData("at")]
    public async Task Serialize_RequiredMemberMissing_FailsTheSchema(string member)
    {
        var json = (await RealEventsAsync($"event-json-missing-{member}", TestContext.Current.CancellationToken))[1];

        json.Remove(member);

        Assert.False(Validate(json).IsValid, json.ToJsonString());
    }

    [Fact]
    public async Task Serialize_UnknownMemberOrStateThatDoesNotFitTheTransition_FailsTheSchema()
    {
        var events = await RealEventsAsync("event-json-extra", TestContext.Current.CancellationToken);
        var extra = events[0].DeepClone().AsObject();
        var mismatched = events[1].DeepClone().AsObject();

        extra["severity"] = "high";
        mismatched["state"] = "Open";

        Assert.False(Validate(extra).IsValid);
        Assert.False(Validate(mismatched).IsValid);
    }
}
