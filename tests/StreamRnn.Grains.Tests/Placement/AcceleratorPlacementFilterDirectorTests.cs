using StreamRnn.Grains.Placement;

namespace StreamRnn.Grains.Tests.Placement;

public sealed class AcceleratorPlacementFilterDirectorTests
{
    [Fact]
    public void Filter_ClusterWithAnAcceleratorSilo_KeepsOnlyThatSilo()
    {
        var accelerators = new Dictionary<string, string?> { ["cpu-1"] = AcceleratorSiloMetadata.None, ["gpu"] = AcceleratorSiloMetadata.Cuda, ["cpu-2"] = null };

        var kept = AcceleratorPlacementFilterDirector.Filter(accelerators.Keys, silo => accelerators[silo]);

        Assert.Equal(["gpu"], kept);
    }

    [Fact]
    public void Filter_NoSiloAdvertisesAnAccelerator_KeepsEverySilo()
    {
        var accelerators = new Dictionary<string, string?> { ["cpu-1"] = AcceleratorSiloMetadata.None, ["cpu-2"] = null };

        var kept = AcceleratorPlacementFilterDirector.Filter(accelerators.Keys, silo => accelerators[silo]);

        Assert.Equal(["cpu-1", "cpu-2"], kept);
    }
}
