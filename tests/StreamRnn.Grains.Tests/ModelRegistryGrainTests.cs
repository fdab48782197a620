using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Tests;

[Collection(GrainClusterGroup.Name)]
public sealed class ModelRegistryGrainTests(GrainClusterFixture fixture)
{
    private static readonly int Served = new ModelOptions().HiddenSize;

    /// <summary>A checkpoint of the cluster's architecture (the default Model settings), or of one with another hidden size.</summary>
    private static byte[] Checkpoint(int hidden, float fill)
    {
        var shape = ModelShape.FromOptions(new ModelOptions()) with { HiddenSize = hidden };
        var parameters = ForecasterLayout.Expected(shape)
            .Select(p => new CheckpointParameter(p.Name, p.Shape, Enumerable.Repeat(fill, (int)p.Shape.Aggregate(1L, (a, b) => a * b)).ToArray()))
            .ToList();
        return CheckpointFile.Serialize(new ModelCheckpoint(shape, [], new Dictionary<string, string> { ["testR2"] = "0.97" }, parameters));
    }

    [Fact]
    public async Task RegisterAsync_ValidCheckpoint_AddsCandidateVersionAfterTheInitialOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>("register-valid");
        var bytes = Checkpoint(Served, 0.25f);

        var registered = await registry.RegisterAsync(bytes, "runs/a/model.ckpt", ct);
        var again = await registry.RegisterAsync(bytes, "copy.ckpt", ct);
        var versions = await registry.ListAsync(ct);

        Assert.Equal(2, registered.Version);
        Assert.Equal(ModelVersionStatus.Candidate, registered.Status);
        Assert.Equal(1, registered.ParentVersion);
        Assert.Equal("0.97", registered.Metadata["testR2"]);
        Assert.Equal(registered.Version, again.Version);
        Assert.Equal(registered.Sha256, again.Sha256);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(ModelVersionStatus.Active, versions[0].Status);
        Assert.Equal(bytes, await registry.GetCheckpointAsync(2, ct));
    }

    [Fact]
    public async Task RegisterAsync_CorruptCheckpoint_IsRefusedAndNothingIsRecorded()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>("register-corrupt");
        var bytes = Checkpoint(Served, 0.5f);
        bytes[100] ^= 0xFF;

        var exception = await Assert.ThrowsAsync<ModelRegistrationException>(async () => await registry.RegisterAsync(bytes, "broken.ckpt", ct));

        Assert.Contains("corrupt", exception.Message, StringComparison.Ordinal);
        Assert.Single(await registry.ListAsync(ct));
    }

    [Fact]
    public async Task RegisterAsync_CheckpointWithNaNWeight_IsRecordedRejectedAndNeverPromoted()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>("register-nan");
        var bytes = Checkpoint(Served, float.NaN);

        var registered = await registry.RegisterAsync(bytes, "nan.ckpt", ct);
        var refused = await Assert.ThrowsAsync<ModelVersionException>(async () => await registry.PromoteAsync(registered.Version, "try", ct));

        Assert.Equal(ModelVersionStatus.Rejected, registered.Status);
        Assert.Contains("non-finite weight", registered.StatusReason, StringComparison.Ordinal);
        Assert.Contains("rejected", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await registry.GetActiveAsync(ct)).Version);
    }

    [Fact]
    public async Task PromoteThenRollback_ReturnsToThePreviouslyServedVersionAndRejectsTheRolledBackOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>("promote-rollback");
        var second = await registry.RegisterAsync(Checkpoint(Served, 0.1f), "a.ckpt", ct);
        var third = await registry.RegisterAsync(Checkpoint(Served, 0.2f), "b.ckpt", ct);

        await registry.PromoteAsync(second.Version, "test", ct);
        await registry.PromoteAsync(third.Version, "test", ct);
        var afterFirstRollback = await registry.RollbackAsync("bad alerts", ct);
        var afterSecondRollback = await registry.RollbackAsync("still bad", ct);
        var noMore = await Assert.ThrowsAsync<ModelVersionException>(async () => await registry.RollbackAsync("again", ct));
        var versions = (await registry.ListAsync(ct)).ToDictionary(v => v.Version);

        Assert.Equal(2, afterFirstRollback.Version);
        Assert.Equal(1, afterSecondRollback.Version);
        Assert.Contains("no earlier served version", noMore.Message, StringComparison.Ordinal);
        Assert.Equal(ModelVersionStatus.Active, versions[1].Status);
        Assert.Equal(ModelVersionStatus.Rejected, versions[2].Status);
        Assert.Equal(ModelVersionStatus.Rejected, versions[3].Status);
        Assert.Contains("bad alerts", versions[3].StatusReason, StringComparison.Ordinal);
        Assert.Empty(await registry.GetCheckpointAsync(1, ct));
    }

    [Fact]
    public async Task RejectAsync_ActiveVersion_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>("reject-active");

        var refused = await Assert.ThrowsAsync<ModelVersionException>(async () => await registry.RejectAsync(1, "no", ct));

        Assert.Contains("not a candidate", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8, null, "Gru 1x8")]
    [InlineData(32, RecurrentCellKind.Lstm, "Lstm 1x32")]
    public async Task RegisterAsync_OtherArchitecture_IsRefusedNamingBothAndNothingIsRecorded(int hidden, RecurrentCellKind? cell, string named)
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>($"register-other-architecture-{hidden}-{cell}");
        var shape = ModelShape.FromOptions(new ModelOptions()) with { HiddenSize = hidden, Cell = cell ?? RecurrentCellKind.Gru };
        var parameters = ForecasterLayout.Expected(shape)
            .Select(p => new CheckpointParameter(p.Name, p.Shape, new float[(int)p.Shape.Aggregate(1L, (a, b) => a * b)]))
            .ToList();
        var bytes = CheckpointFile.Serialize(new ModelCheckpoint(shape, [], new Dictionary<string, string>(), parameters));

        var refused = await Assert.ThrowsAsync<ModelRegistrationException>(async () => await registry.RegisterAsync(bytes, "other.ckpt", ct));

        Assert.Contains("'other.ckpt' cannot be served", refused.Message, StringComparison.Ordinal);
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
        Assert.Contains("the silos serve Gru 1x32", refused.Message, StringComparison.Ordinal);
        Assert.Single(await registry.ListAsync(ct));
    }

    [Fact]
    public async Task ReportNonFiniteForecastsAsync_ActiveVersion_RollsBackRecordingTheReasonOnBoth()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>("report-active");
        var second = await registry.RegisterAsync(Checkpoint(Served, 0.1f), "a.ckpt", ct);
        await registry.PromoteAsync(second.Version, "test", ct);

        var restored = await registry.ReportNonFiniteForecastsAsync(second.Version, "v2 forecast NaN or infinity for 1 of 4 request(s)", ct);
        var again = await registry.ReportNonFiniteForecastsAsync(second.Version, "another silo", ct);
        var versions = (await registry.ListAsync(ct)).ToDictionary(v => v.Version);

        Assert.Equal(1, restored.Version);
        Assert.Equal(1, (await registry.GetActiveAsync(ct)).Version);
        Assert.Equal(ModelVersionStatus.Rejected, again.Status);
        Assert.Equal(ModelVersionStatus.Rejected, versions[2].Status);
        Assert.Contains("non-finite values at run time (v2 forecast NaN or infinity for 1 of 4 request(s))", versions[2].StatusReason, StringComparison.Ordinal);
        Assert.StartsWith("rolled back to v1", versions[2].StatusReason, StringComparison.Ordinal);
        Assert.StartsWith("rollback from v2", versions[1].StatusReason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ModelVersionException>(async () => await registry.PromoteAsync(2, "again", ct));
    }

    [Fact]
    public async Task ReportNonFiniteForecastsAsync_OnlyVersion_StaysActiveWithTheReasonRecorded()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>("report-only");

        var kept = await registry.ReportNonFiniteForecastsAsync(1, "overflow", ct);

        Assert.Equal(ModelVersionStatus.Active, kept.Status);
        Assert.Contains("no earlier served version to roll back to", kept.StatusReason, StringComparison.Ordinal);
        Assert.Equal(kept.StatusReason, (await registry.GetActiveAsync(ct)).StatusReason);
    }
}
