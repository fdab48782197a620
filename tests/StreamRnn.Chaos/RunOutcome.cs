using StreamRnn.Contracts;

namespace StreamRnn.Chaos;

/// <summary>What one run left durable: every sensor's persisted snapshot and the alert ids on its alerts topic.</summary>
internal sealed record RunOutcome(IReadOnlyDictionary<string, SensorSnapshot> Snapshots, IReadOnlySet<string> AlertIds, long AlertMessages);
