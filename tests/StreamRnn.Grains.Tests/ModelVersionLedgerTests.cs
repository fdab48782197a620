using System.Collections.Immutable;
using StreamRnn.Contracts;
using StreamRnn.Grains.Models;

namespace StreamRnn.Grains.Tests;

public sealed class ModelVersionLedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);

    /// <summary>A registry of versions 1 (active) to <paramref name="count"/> (candidates), as registration leaves it.</summary>
    private static ModelRegistryState Registry(int count)
    {
        var state = new ModelRegistryState();
        for (var version = 1; version <= count; version++)
        {
            var status = version == 1 ? ModelVersionStatus.Active : ModelVersionStatus.Candidate;
            state.Versions.Add(new ModelVersionInfo(version, status, $"sha-{version}", "GRU 1x32", Now, version == 1 ? null : 1, "test", ImmutableDictionary<string, string>.Empty));
        }

        state.ActivationHistory.Add(1);
        return state;
    }

    private static ModelVersionStatus[] Statuses(ModelRegistryState state) => [.. state.Versions.Select(v => v.Status)];

    [Fact]
    public void Promote_Candidate_BecomesActiveAndRetiresTheOneBeforeIt()
    {
        var state = Registry(3);
        var ledger = new ModelVersionLedger(state, "g");

        var (promoted, retired) = ledger.Promote(ledger.PromotionTarget(3)!, "better", Now);

        Assert.Equal((3, ModelVersionStatus.Active, "better"), (promoted.Version, promoted.Status, promoted.StatusReason));
        Assert.Equal((1, ModelVersionStatus.Retired, "replaced by v3"), (retired.Version, retired.Status, retired.StatusReason));
        Assert.Equal([ModelVersionStatus.Retired, ModelVersionStatus.Candidate, ModelVersionStatus.Active], Statuses(state));
        Assert.Equal([1, 3], state.ActivationHistory);
        Assert.Equal(3, ledger.Active.Version);
    }

    [Fact]
    public void PromotionTarget_TheActiveVersion_NoneAndNothingChanges()
    {
        var state = Registry(2);
        var ledger = new ModelVersionLedger(state, "g");

        Assert.Null(ledger.PromotionTarget(1));
        Assert.Equal([ModelVersionStatus.Active, ModelVersionStatus.Candidate], Statuses(state));
        Assert.Equal([1], state.ActivationHistory);
    }

    [Fact]
    public void PromotionTarget_RejectedVersion_ThrowsNamingWhyAndChangesNothing()
    {
        var state = Registry(2);
        var ledger = new ModelVersionLedger(state, "g");
        ledger.Reject(2, "held-out loss worse", Now);

        var exception = Assert.Throws<ModelVersionException>(() => ledger.PromotionTarget(2));

        Assert.Contains("held-out loss worse", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, ledger.Active.Version);
    }

    [Fact]
    public void Reject_OnlyACandidate_TheActiveOneIsRefusedAndASecondRejectChangesNothing()
    {
        var state = Registry(2);
        var ledger = new ModelVersionLedger(state, "g");

        var rejected = ledger.Reject(2, "worse", Now);
        var again = ledger.Reject(2, "worse still", Now);
        var active = Assert.Throws<ModelVersionException>(() => ledger.Reject(1, "no", Now));

        Assert.Equal((ModelVersionStatus.Rejected, "worse"), (rejected!.Status, rejected.StatusReason));
        Assert.Null(again);
        Assert.Equal("worse", ledger.Find(2).StatusReason);
        Assert.Contains("use rollback", active.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RollBack_AfterTwoPromotions_ReturnsToTheLatestRetiredAndRejectsTheOneItLeaves()
    {
        var state = Registry(3);
        var ledger = new ModelVersionLedger(state, "g");
        ledger.Promote(ledger.Find(2), "round 1", Now);
        ledger.Promote(ledger.Find(3), "round 2", Now);

        var (restored, left) = ledger.RollBack("non-finite forecasts", Now);

        Assert.Equal((2, ModelVersionStatus.Active, "rollback from v3: non-finite forecasts"), (restored.Version, restored.Status, restored.StatusReason));
        Assert.Equal((3, ModelVersionStatus.Rejected, "rolled back to v2: non-finite forecasts"), (left.Version, left.Status, left.StatusReason));
        Assert.Equal([1, 2, 3, 2], state.ActivationHistory);

        // Once more: v2 leaves for v1; then nothing earlier was served and retired.
        Assert.Equal(1, ledger.RollBack("again", Now).Restored.Version);
        Assert.False(ledger.CanRollBack);
        Assert.Throws<ModelVersionException>(() => ledger.RollBack("once too often", Now));
        Assert.Equal([ModelVersionStatus.Active, ModelVersionStatus.Rejected, ModelVersionStatus.Rejected], Statuses(state));
    }

    [Fact]
    public void MarkRejected_LeavesTheActiveAndTheRejectedAsTheyAre()
    {
        var state = Registry(3);
        var ledger = new ModelVersionLedger(state, "g");
        ledger.Promote(ledger.Find(2), "round 1", Now);

        Assert.True(ledger.MarkRejected(ledger.Find(1), "cannot be served", Now));
        Assert.False(ledger.MarkRejected(ledger.Find(1), "again", Now));
        Assert.False(ledger.MarkRejected(ledger.Find(2), "the active one", Now));
        Assert.Equal([ModelVersionStatus.Rejected, ModelVersionStatus.Active, ModelVersionStatus.Candidate], Statuses(state));
        Assert.Equal("cannot be served", ledger.Find(1).StatusReason);
    }

    [Fact]
    public void Find_NoSuchVersion_ThrowsNamingTheGroupAndTheRange()
    {
        var exception = Assert.Throws<ModelVersionException>(() => new ModelVersionLedger(Registry(2), "pumps").Find(7));

        Assert.Equal("Model group 'pumps' has no version 7 (it has 1 to 2).", exception.Message);
    }

    [Fact]
    public void NextVersion_AfterTheHighestRecorded()
    {
        Assert.Equal(4, new ModelVersionLedger(Registry(3), "g").NextVersion);
    }
}
