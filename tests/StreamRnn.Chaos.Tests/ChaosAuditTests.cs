using System.Collections.Immutable;
using StreamRnn.Chaos;
using StreamRnn.Contracts;

namespace StreamRnn.Chaos.Tests;

public sealed class ChaosAuditTests
{
    private static readonly ProducedInput Produced = new(
        ["a", "b"],
        [3, 2],
        [new Dictionary<int, long> { [0] = 10 }, new Dictionary<int, long> { [1] = 7 }]);

    [Fact]
    public void Compare_IdenticalRuns_AllZeroAndPassed()
    {
        var reference = Outcome(Snapshot("a", 3, 0, 10), Snapshot("b", 2, 1, 7));
        var chaos = Outcome(Snapshot("a", 3, 0, 10), Snapshot("b", 2, 1, 7));

        var result = ChaosAudit.Compare(5, Produced, chaos, reference);

        Assert.True(result.Passed);
        Assert.Equal("chaos: kills=5 produced=5 applied=5 lost=0 duplicated=0 state-mismatch=0 alert-ids-missing=0", result.SummaryLine());
    }

    [Fact]
    public void Compare_LostAndDuplicatedReadings_CountedPerSensor()
    {
        var reference = Outcome(Snapshot("a", 3, 0, 10), Snapshot("b", 2, 1, 7));
        var chaos = Outcome(Snapshot("a", 1, 0, 8), Snapshot("b", 4, 1, 7));

        var result = ChaosAudit.Compare(2, Produced, chaos, reference);

        Assert.False(result.Passed);
        Assert.Equal(2, result.Lost);
        Assert.Equal(2, result.Duplicated);
        Assert.Equal(5, result.Applied);
        Assert.Equal(1, result.StateMismatch); // a's applied offset is 8, not the last produced 10
    }

    [Fact]
    public void Compare_StateBeyondTolerance_Mismatch_WithinTolerance_Equal()
    {
        var reference = Outcome(Snapshot("a", 3, 0, 10), Snapshot("b", 2, 1, 7));
        var chaos = Outcome(Snapshot("a", 3, 0, 10, hidden: 0.5f + 1e-3f), Snapshot("b", 2, 1, 7, ewma: 0.25 + 1e-7));

        var result = ChaosAudit.Compare(1, Produced, chaos, reference);

        Assert.Equal(1, result.StateMismatch);
        Assert.Contains(result.Details, line => line.Contains("a: HiddenState differs", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_ReferenceAlertMissingFromChaos_Counted_ExtraIdsAreNot()
    {
        var reference = Outcome(["x", "y"], Snapshot("a", 3, 0, 10), Snapshot("b", 2, 1, 7));
        var chaos = Outcome(["x", "z"], Snapshot("a", 3, 0, 10), Snapshot("b", 2, 1, 7));

        var result = ChaosAudit.Compare(1, Produced, chaos, reference);

        Assert.Equal(1, result.AlertIdsMissing);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Compare_ReferenceIncomplete_NotPassed()
    {
        var reference = Outcome(Snapshot("a", 2, 0, 9), Snapshot("b", 2, 1, 7));
        var chaos = Outcome(Snapshot("a", 3, 0, 10), Snapshot("b", 2, 1, 7));

        var result = ChaosAudit.Compare(1, Produced, chaos, reference);

        Assert.False(result.ReferenceClean);
        Assert.False(result.Passed);
    }

    private static RunOutcome Outcome(params SensorSnapshot[] snapshots) => Outcome([], snapshots);

    private static RunOutcome Outcome(string[] alertIds, params SensorSnapshot[] snapshots) =>
        new(snapshots.ToDictionary(s => s.SensorId), alertIds.ToHashSet(), alertIds.Length);

    private static SensorSnapshot Snapshot(string id, long applied, int partition, long offset, float hidden = 0.5f, double ewma = 0.25) =>
        new(id, applied, null, 1.0, [1.0, 2.0], 0.1, 1, 0, ImmutableDictionary<int, long>.Empty.Add(partition, offset), [hidden, -hidden]) { ForecastErrorEwma = ewma };
}
