using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Tests;

/// <summary>The registry when its storage fails a write: the caller is told, and nothing of the change survives.</summary>
[Collection(FailingModelStorageClusterGroup.Name)]
public sealed class ModelRegistryStorageFailureTests(FailingModelStorageClusterFixture fixture)
{
    private static byte[] Checkpoint(float fill)
    {
        var shape = ModelShape.FromOptions(new ModelOptions());
        var parameters = ForecasterLayout.Expected(shape)
            .Select(p => new CheckpointParameter(p.Name, p.Shape, Enumerable.Repeat(fill, (int)p.Shape.Aggregate(1L, (a, b) => a * b)).ToArray()))
            .ToList();
        return CheckpointFile.Serialize(new ModelCheckpoint(shape, [], new Dictionary<string, string>(), parameters));
    }

    [Fact]
    public async Task RegisterAsync_WriteFails_NothingOfItIsKeptOrServed()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>("write-fails");
        await registry.ListAsync(ct); // activates and stores v1
        var lost = Checkpoint(0.25f);

        fixture.FailNextWrite();
        await Assert.ThrowsAnyAsync<Exception>(async () => await registry.RegisterAsync(lost, "lost.ckpt", ct));

        var versions = await registry.ListAsync(ct);
        Assert.Equal([1], versions.Select(v => v.Version));
        await Assert.ThrowsAsync<ModelVersionException>(async () => await registry.PromoteAsync(2, "never stored", ct));
        var kept = await registry.RegisterAsync(Checkpoint(0.5f), "kept.ckpt", ct);
        Assert.Equal(2, kept.Version);
        Assert.Equal("kept.ckpt", (await registry.GetAsync(2, ct)).Source);
    }

    [Fact]
    public async Task PromoteAsync_WriteFails_TheActiveVersionStays()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>("promote-fails");
        var candidate = await registry.RegisterAsync(Checkpoint(0.75f), "candidate.ckpt", ct);

        fixture.FailNextWrite();
        await Assert.ThrowsAnyAsync<Exception>(async () => await registry.PromoteAsync(candidate.Version, "fails", ct));

        Assert.Equal(1, (await registry.GetActiveAsync(ct)).Version);
        Assert.Equal(ModelVersionStatus.Candidate, (await registry.GetAsync(candidate.Version, ct)).Status);
    }
}
