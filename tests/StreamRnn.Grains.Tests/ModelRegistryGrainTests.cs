using StreamRnn.Contracts;
using StreamRnn.Inference;
using StreamRnn.Inference.Checkpoints;

namespace StreamRnn.Grains.Tests;

[Collection(GrainClusterGroup.Name)]
public sealed class ModelRegistryGrainTests(GrainClusterFixture fixture)
{
    private static byte[] Checkpoint(int hidden, float fill)
    {
        var shape = new ModelShape(RecurrentCellKind.Gru, 1, hidden, 1, 5);
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
        var bytes = Checkpoint(8, 0.25f);

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
        var bytes = Checkpoint(8, 0.5f);
        bytes[100] ^= 0xFF;

        var exception = await Assert.ThrowsAsync<ModelRegistrationException>(async () => await registry.RegisterAsync(bytes, "broken.ckpt", ct));

        Assert.Contains("corrupt", exception.Message, StringComparison.Ordinal);
        Assert.Single(await registry.ListAsync(ct));
    }
}
