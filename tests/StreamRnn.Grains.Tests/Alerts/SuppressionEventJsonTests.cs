using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests.Alerts;

/// <summary>
/// Suppression events' JSON against <c>contracts/schemas/suppression-event.schema.json</c>, and how a consumer of the
/// alert events topic tells them from the alerts' lifecycle events.
/// </summary>
public sealed class SuppressionEventJsonTests
{
    private static readonly DateTimeOffset Made = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "schemas", "suppression-event.schema.json")));

    private static SuppressionEvent Lifted(string? sensorId, AlertKind? kind) =>
        SuppressionEvent.Of(new AlertSuppression(sensorId, kind, Made.AddHours(1), new AlertAction("ana", "maintenance", Made)), SuppressionTransitionKind.SuppressionLifted, new AlertAction("bo", "repaired", Made.AddMinutes(5)));

    private static bool Valid(byte[] json) =>
        Schema.Value.Evaluate(JsonSerializer.Deserialize<JsonElement>(json), new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid;

    [Theory]
    [InlineData("pump-1", null)]
    [InlineData(null, AlertKind.Stuck)]
    [InlineData("pump-1", AlertKind.Spike)]
    public void Serialize_SuppressionLifted_ValidatesAndReadsBack(string? sensorId, AlertKind? kind)
    {
        var lifted = Lifted(sensorId, kind);

        var json = SuppressionEventJson.Serialize(lifted);

        Assert.True(Valid(json), System.Text.Encoding.UTF8.GetString(json));
        Assert.Equal(lifted, SuppressionEventJson.Deserialize(json));
        Assert.Equal("SuppressionLifted", (string?)JsonNode.Parse(json)!["transition"]);
    }

    [Fact]
    public void Deserialize_SuppressionEventOnTheAlertEventsTopic_NotAnAlertEvent()
    {
        var json = SuppressionEventJson.Serialize(Lifted("pump-1", null));
        var alertEvent = AlertLifecycleEventJson.Serialize(new AlertLifecycleEvent(
            new string('a', 32), "alert-1", "pump-1", AlertKind.Stuck, AlertTransitionKind.Acknowledged, AlertState.Acknowledged, "ana", "on it", Made, Made, 0, 1));

        Assert.Null(AlertLifecycleEventJson.Deserialize(json));
        Assert.Null(SuppressionEventJson.Deserialize(alertEvent));
        Assert.Equal("alert-1", AlertLifecycleEventJson.Deserialize(alertEvent)!.AlertId);
    }

    [Fact]
    public void Of_SameSuppressionAndTransition_SameEventId()
    {
        Assert.Equal(Lifted("pump-1", null).EventId, Lifted("pump-1", null).EventId);
        Assert.NotEqual(Lifted("pump-1", null).EventId, Lifted("pump-2", null).EventId);
        Assert.Matches("^[0-9a-f]{32}$", Lifted(null, AlertKind.Dropout).EventId);
    }
}
