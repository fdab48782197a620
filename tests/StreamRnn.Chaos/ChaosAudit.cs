using System.Collections.Immutable;
using System.Globalization;
using StreamRnn.Contracts;

namespace StreamRnn.Chaos;

/// <summary>
/// Compares the chaos run's durable outcome with what was produced and with the fault-free reference run:
/// per-sensor applied counts (lost, duplicated), last applied offsets, state (hidden state, forecast, score,
/// forecast-error EWMA within <see cref="Tolerance"/>) and alert ids.
/// </summary>
internal static class ChaosAudit
{
    /// <summary>Largest absolute difference between the two runs' state values that still counts as equal.</summary>
    public const double Tolerance = 1e-5;

    private const int DetailsPerKind = 5;

    public static AuditResult Compare(int kills, ProducedInput produced, RunOutcome chaos, RunOutcome reference)
    {
        var details = new List<string>();
        var (applied, lost, duplicated, countDetails) = Counts(produced, chaos);
        var (_, referenceLost, referenceDuplicated, _) = Counts(produced, reference);
        var offsetMismatches = new List<string>();
        var stateMismatches = new List<string>();
        for (var i = 0; i < produced.SensorIds.Count; i++)
        {
            var sensorId = produced.SensorIds[i];
            var snapshot = chaos.Snapshots.GetValueOrDefault(sensorId);
            if (snapshot is null)
            {
                stateMismatches.Add($"{sensorId}: no snapshot");
                continue;
            }

            if (!SameOffsets(produced.LastOffsets[i], snapshot.AppliedOffsets))
            {
                offsetMismatches.Add($"{sensorId}: applied offsets {Format(snapshot.AppliedOffsets)}, last produced {Format(produced.LastOffsets[i])}");
            }

            var difference = reference.Snapshots.GetValueOrDefault(sensorId) is { } expected ? StateDifference(snapshot, expected) : (Field: "no reference snapshot", Difference: double.PositiveInfinity);
            if (difference.Difference > Tolerance)
            {
                stateMismatches.Add(FormattableString.Invariant($"{sensorId}: {difference.Field} differs by {difference.Difference:G3}"));
            }
        }

        // A sensor whose applied offsets are not the last produced ones is not in the state the input leads to.
        var mismatched = stateMismatches.Select(SensorOf).Union(offsetMismatches.Select(SensorOf), StringComparer.Ordinal).Count();
        var missingAlerts = reference.AlertIds.Where(id => !chaos.AlertIds.Contains(id)).Order(StringComparer.Ordinal).ToList();
        var extraAlerts = chaos.AlertIds.Where(id => !reference.AlertIds.Contains(id)).Order(StringComparer.Ordinal).ToList();

        details.Add(Invariant($"reference: applied={reference.Snapshots.Values.Sum(s => s.ReadingsApplied)} lost={referenceLost} duplicated={referenceDuplicated} alerts={reference.AlertIds.Count} ({reference.AlertMessages} messages)"));
        details.Add(Invariant($"chaos: alerts={chaos.AlertIds.Count} ({chaos.AlertMessages} messages, duplicates are allowed) extra-alert-ids={extraAlerts.Count} offset-mismatch={offsetMismatches.Count}"));
        AddExamples(details, "count", countDetails);
        AddExamples(details, "offsets", offsetMismatches);
        AddExamples(details, "state", stateMismatches);
        AddExamples(details, "alert missing", missingAlerts);
        AddExamples(details, "alert extra", extraAlerts);
        var referenceClean = referenceLost == 0 && referenceDuplicated == 0;
        if (!referenceClean)
        {
            details.Add("reference run incomplete: the fault-free run did not apply exactly what was produced, so the comparison proves nothing");
        }

        return new AuditResult(kills, produced.Total, applied, lost, duplicated, mismatched, missingAlerts.Count, referenceClean, details);
    }

    /// <summary>The largest absolute difference over the compared state, and in which field.</summary>
    public static (string Field, double Difference) StateDifference(SensorSnapshot actual, SensorSnapshot expected)
    {
        var differences = new (string Field, double Difference)[]
        {
            ("HiddenState", MaxAbsDifference(actual.HiddenState.Select(v => (double)v).ToImmutableArray(), expected.HiddenState.Select(v => (double)v).ToImmutableArray())),
            ("LastForecast", MaxAbsDifference(actual.Forecast, expected.Forecast)),
            ("LastScore", Difference(actual.Score, expected.Score)),
            ("ForecastErrorEwma", Difference(actual.ForecastErrorEwma, expected.ForecastErrorEwma)),
        };
        return differences.MaxBy(d => d.Difference);
    }

    private static (long Applied, long Lost, long Duplicated, List<string> Details) Counts(ProducedInput produced, RunOutcome run)
    {
        long applied = 0, lost = 0, duplicated = 0;
        var details = new List<string>();
        for (var i = 0; i < produced.SensorIds.Count; i++)
        {
            var count = run.Snapshots.GetValueOrDefault(produced.SensorIds[i])?.ReadingsApplied ?? 0;
            applied += count;
            var expected = produced.Counts[i];
            if (count != expected)
            {
                details.Add(Invariant($"{produced.SensorIds[i]}: applied {count}, produced {expected}"));
            }

            lost += Math.Max(0, expected - count);
            duplicated += Math.Max(0, count - expected);
        }

        return (applied, lost, duplicated, details);
    }

    private static bool SameOffsets(IReadOnlyDictionary<int, long> produced, ImmutableDictionary<int, long> applied) =>
        produced.Count == applied.Count && produced.All(entry => applied.TryGetValue(entry.Key, out var offset) && offset == entry.Value);

    private static double MaxAbsDifference(ImmutableArray<double> actual, ImmutableArray<double> expected)
    {
        var left = actual.IsDefault ? [] : actual;
        var right = expected.IsDefault ? [] : expected;
        if (left.Length != right.Length)
        {
            return double.PositiveInfinity;
        }

        var max = 0.0;
        for (var i = 0; i < left.Length; i++)
        {
            max = Math.Max(max, Difference(left[i], right[i]));
        }

        return max;
    }

    private static double Difference(double actual, double expected) =>
        actual.Equals(expected) ? 0 : double.IsFinite(actual) && double.IsFinite(expected) ? Math.Abs(actual - expected) : double.PositiveInfinity;

    private static string SensorOf(string detail) => detail[..detail.IndexOf(':', StringComparison.Ordinal)];

    private static string Format(IEnumerable<KeyValuePair<int, long>> offsets) =>
        "{" + string.Join(", ", offsets.OrderBy(o => o.Key).Select(o => Invariant($"{o.Key}:{o.Value}"))) + "}";

    private static void AddExamples(List<string> details, string kind, List<string> items)
    {
        foreach (var item in items.Take(DetailsPerKind))
        {
            details.Add($"  {kind}: {item}");
        }

        if (items.Count > DetailsPerKind)
        {
            details.Add(Invariant($"  {kind}: ... and {items.Count - DetailsPerKind} more"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
