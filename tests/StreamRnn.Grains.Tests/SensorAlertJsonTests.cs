using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains.Tests;

/// <summary>
/// The alerts topic's JSON against the schema shipped for consumers (<c>contracts/schemas/sensor-alert.schema.json</c>):
/// real alerts of every kind, raised by a sensor grain on the fake-clock cluster, validate; JSON that lacks a required
/// member or has one the schema does not describe does not.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class SensorAlertJsonTests(FakeClockClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The schema, loaded once per test process (a second load of the same schema id is refused by the registry).</summary>
    internal static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "schemas", "sensor-alert.schema.json")));

    private static SensorReadingBatch Batch(long firstOffset, params double[] values) =>
        new([.. values.Select((value, i) => new SensorReading(0, firstOffset + i, Start.AddMinutes(firstOffset + i), [value]))]);

    private static double[] Sine(int count, int offset = 0) =>
        [.. Enumerable.Range(offset, count).Select(i => 10 + 3 * Math.Sin(i / 7.0) + 0.2 * Math.Cos(i * 1.7))];

    private static EvaluationResults Validate(JsonNode json) =>
        Schema.Value.Evaluate(JsonSerializer.SerializeToElement(json), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    /// <summary>A stuck alert's start, raised by the real pipeline, as the contract's alert.</summary>
    private static SensorAlert StuckStart()
    {
        var pipeline = new SensorPipeline(new SensorOptions().ToPipelineSettings(null));
        var values = Sine(100).Concat(Enumerable.Repeat(11.5, 20)).ToArray();
        for (var t = 0; t < values.Length; t++)
        {
            var inputs = pipeline.Normalize([new SensorPipelineReading(Start.AddMinutes(t), [values[t]], 0, t)]);
            var alert = pipeline.Score(inputs, [inputs.Values[0]], 0, 1, false, Start).Alerts.FirstOrDefault(a => a.Kind == PipelineAlertKind.Stuck);
            if (alert is not null)
            {
                return SensorAlerts.From("json-stuck", alert);
            }
        }

        throw new InvalidOperationException("The series raised no stuck alert.");
    }

    [Fact]
    public async Task Serialize_AlertsOfEveryKindFromASensorGrain_ValidAgainstTheSchema()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "alert-json-every-kind";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        await sensor.SetSettingsAsync(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new("MaxValue", "100"), new KeyValuePair<string, string>("MaxRatePerSecond", "0.1")]), ct);

        // A jump of 40 at reading 300 (anomaly, spike, a rate of 0.67/s), a value above the limit, a stuck run, then silence.
        var values = Sine(400);
        values[300] += 40;
        await sensor.ApplyAsync(Batch(0, values), ct);
        await sensor.ApplyAsync(Batch(400, 150), ct);
        await sensor.ApplyAsync(Batch(401, [.. Sine(20, 401), .. Enumerable.Repeat(11.5, 30)]), ct);
        for (var i = 0; i < 5; i++)
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            await sensor.ApplyAsync(Batch(451 + i, Sine(1, 451 + i)), ct);
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (fixture.AlertSink.For(id).All(a => a.Kind != AlertKind.Dropout) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25, ct);
        }

        var alerts = fixture.AlertSink.For(id);
        Assert.Equal(Enum.GetValues<AlertKind>().Order(), alerts.Select(a => a.Kind).Distinct().Order());
        foreach (var alert in alerts)
        {
            var json = JsonNode.Parse(SensorAlertJson.Serialize(alert))!;
            var results = Validate(json);
            Assert.True(results.IsValid, $"{alert.Kind} {alert.Phase} at {alert.SourceOffset}: {Errors(results)}\n{json.ToJsonString()}");
            Assert.Equal(alert.Phase != AlertPhase.End, json["explanation"] is not null);
        }

        // The stuck run started at reading 421 (the first 11.5): the alert's run length counts the equal readings fed.
        var stuck = Assert.Single(alerts, a => a.Kind == AlertKind.Stuck && a.Phase == AlertPhase.Start);
        Assert.Equal(stuck.SourceOffset - 421 + 1, stuck.Explanation!.Observed);
    }

    [Fact]
    public void Serialize_ThenDeserialize_KeepsTheExplanation()
    {
        var alert = StuckStart();

        var json = SensorAlertJson.Serialize(alert);
        var back = SensorAlertJson.Deserialize(json)!;

        Assert.Equal(alert with { Explanation = null }, back with { Explanation = null });
        Assert.Equal(alert.Explanation, back.Explanation);
        Assert.Equal(json, SensorAlertJson.Serialize(back));
        Assert.Equal("stuckValue", JsonNode.Parse(json)!["explanation"]!["detector"]!.GetValue<string>());
    }

    [Fact]
    public void Serialize_StuckStart_WritesTheExplanationAsDocumentedWithoutNulls()
    {
        var json = JsonNode.Parse(SensorAlertJson.Serialize(StuckStart()))!;

        // docs/OPERATIONS.md, "Alert JSON", shows this explanation.
        Assert.Equal(
            """{"detector":"stuckValue","channel":0,"measure":"runLength","observed":13,"upper":13,"usualRun":1}""",
            json["explanation"]!.ToJsonString());
    }

    [Fact]
    public void Equals_SameChannelErrorsInAnotherArray_Equal()
    {
        var explanation = new AlertExplanation("range", 0, "value", 12.5, null, 12) { Limit = 12, ChannelErrors = [0.1, 0.2, 9.5], LargestChannel = 2 };
        var copy = SensorAlertJson.Deserialize(SensorAlertJson.Serialize(StuckStart() with { Explanation = explanation }))!.Explanation;

        Assert.Equal(explanation, copy);
        Assert.Equal(explanation.GetHashCode(), copy!.GetHashCode());
        Assert.NotEqual(explanation, copy with { ChannelErrors = [0.1, 0.2, 9.6] });
        Assert.NotEqual(explanation, copy with { ChannelErrors = null });
    }

    [Fact]
    public void Serialize_ThroughOrleans_KeepsTheExplanation()
    {
        var alert = StuckStart();
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();

        var back = serializer.Deserialize<SensorAlert>(serializer.SerializeToArray(alert));

        Assert.Equal(alert, back);
        Assert.NotNull(back?.Explanation);
    }

    [Fact]
    public void Deserialize_AlertWrittenBeforeExplanations_ReadsWithNone()
    {
        var json = JsonNode.Parse(SensorAlertJson.Serialize(StuckStart()))!.AsObject();
        json.Remove("explanation");

        var alert = SensorAlertJson.Deserialize(JsonSerializer.SerializeToUtf8Bytes(json))!;

        Assert.Null(alert.Explanation);
        Assert.Equal(AlertKind.Stuck, alert.Kind);
    }

    [Fact]
    public void Serialize_AnomalyTheRangeSeenDecided_ValidAgainstTheSchemaAndDescribedAsBeyondIt()
    {
        var pipeline = new SensorPipeline(new SensorOptions().ToPipelineSettings(null));
        var values = Sine(1_000).Concat(Enumerable.Repeat(40.0, 5)).ToArray();
        SensorAlert? anomaly = null;
        for (var t = 0; t < values.Length && anomaly is null; t++)
        {
            var inputs = pipeline.Normalize([new SensorPipelineReading(Start.AddMinutes(t), [values[t]], 0, t)]);
            var alert = pipeline.Score(inputs, [inputs.Values[0]], 0, 1, false, Start).Alerts
                .FirstOrDefault(a => a.Kind == PipelineAlertKind.Anomaly && a.Phase == AlertTransition.Start);
            anomaly = alert is null ? null : SensorAlerts.From("json-range", alert);
        }

        Assert.NotNull(anomaly);
        var json = JsonNode.Parse(SensorAlertJson.Serialize(anomaly))!.AsObject();
        var results = Validate(json);
        Assert.True(results.IsValid, Errors(results));
        Assert.Equal("range", anomaly.Explanation!.Basis);
        Assert.Contains("beyond the range seen", anomaly.Explanation.Describe(), StringComparison.Ordinal);

        json["explanation"]!.AsObject().Remove("upper");
        Assert.False(Validate(json).IsValid, "valid without the band");
    }

    [Theory]
    [InlineData("alertId")]
    [InlineData("kind")]
    [InlineData("explanation")]
    [InlineData("explanation.detector")]
    [InlineData("explanation.observed")]
    [InlineData("explanation.upper")]
    public void Schema_StartLackingARequiredMember_IsInvalid(string member)
    {
        var json = JsonNode.Parse(SensorAlertJson.Serialize(StuckStart()))!.AsObject();
        Assert.True(Validate(json).IsValid, "the alert as written must be valid");

        var parts = member.Split('.');
        var parent = parts.Length == 1 ? json : json[parts[0]]!.AsObject();
        Assert.True(parent.Remove(parts[^1]), $"the alert has no {member}");

        Assert.False(Validate(json).IsValid, $"valid without {member}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("explanation")]
    public void Schema_UnknownMember_IsInvalid(string where)
    {
        var json = JsonNode.Parse(SensorAlertJson.Serialize(StuckStart()))!.AsObject();
        var target = where.Length == 0 ? json : json[where]!.AsObject();

        target["severity"] = "high";

        Assert.False(Validate(json).IsValid, $"valid with an unknown member in '{where}'");
    }

    [Fact]
    public void Schema_ExplanationOfAnotherDetector_IsInvalid()
    {
        var json = JsonNode.Parse(SensorAlertJson.Serialize(StuckStart()))!.AsObject();

        json["explanation"]!["detector"] = "spike";

        Assert.False(Validate(json).IsValid);
    }
}
