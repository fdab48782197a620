using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>What a sensor knows now: its last reading, its forecast for the next steps and its last score.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.sensor-snapshot")]
public sealed record SensorSnapshot(
    [property: Id(0)] string SensorId,
    [property: Id(1)] long ReadingsApplied,
    [property: Id(2)] DateTimeOffset? LastTimestamp,
    [property: Id(3)] double? LastValue,
    [property: Id(4)] ImmutableArray<double> Forecast,
    [property: Id(5)] double Score,
    [property: Id(6)] int ModelVersion,
    [property: Id(7)] long AlertsRaised,
    [property: Id(8)] ImmutableDictionary<int, long> AppliedOffsets,
    [property: Id(9)] ImmutableArray<float> HiddenState)
{
    /// <summary>The sensor's recent model switches, oldest first (bounded).</summary>
    [Id(10)] public ImmutableArray<ModelSwitch> ModelSwitches { get; init; } = [];

    /// <summary>Exponentially weighted mean squared one-step forecast error, in normalised units (about the last 100 readings).</summary>
    [Id(11)] public double ForecastErrorEwma { get; init; }
}
