using StreamRnn.Grains.Placement;

namespace StreamRnn.Grains.Tests.Placement;

public sealed class InferencePoolOptionsTests
{
    [Theory]
    [InlineData("auto", false, AcceleratorSiloMetadata.None)]
    [InlineData("auto", true, AcceleratorSiloMetadata.Cuda)]
    [InlineData(null, true, AcceleratorSiloMetadata.Cuda)]
    [InlineData("cuda", false, AcceleratorSiloMetadata.Cuda)]
    [InlineData("CUDA", false, AcceleratorSiloMetadata.Cuda)]
    [InlineData("none", true, AcceleratorSiloMetadata.None)]
    public void Advertised_SettingAndDevice_GivesTheMetadataValue(string? setting, bool deviceIsCuda, string expected)
    {
        Assert.Equal(expected, InferencePoolOptions.Advertised(setting, () => deviceIsCuda));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("")]
    [InlineData("cuda:0")]
    public void Validate_UnknownAccelerator_Fails(string accelerator)
    {
        var result = new InferencePoolOptionsValidator().Validate(null, new InferencePoolOptions { Accelerator = accelerator });

        Assert.True(result.Failed);
    }

    [Fact]
    public void Validate_NoGrainsPerSilo_Fails()
    {
        var result = new InferencePoolOptionsValidator().Validate(null, new InferencePoolOptions { GrainsPerSilo = 0 });

        Assert.True(result.Failed);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new InferencePoolOptionsValidator().Validate(null, new InferencePoolOptions()).Succeeded);
    }
}
