using StreamRnn.Contracts;

namespace StreamRnn.WebConsole.Api;

/// <summary>The body of a suppression: a sensor, a kind or both, for how many minutes, and why.</summary>
public sealed record ConsoleSuppressRequest(string? SensorId, AlertKind? Kind, double Minutes, string? Reason);
