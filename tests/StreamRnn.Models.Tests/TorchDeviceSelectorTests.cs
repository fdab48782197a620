using TorchSharp;

namespace StreamRnn.Models.Tests;

public sealed class TorchDeviceSelectorTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    public void Resolve_Cpu_ReturnsCpu(string setting)
    {
        Assert.Equal(DeviceType.CPU, TorchDeviceSelector.Resolve(setting).type);
    }

    [Fact]
    public void Resolve_Auto_PicksCudaOnlyWhenAvailable()
    {
        var expected = torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU;

        Assert.Equal(expected, TorchDeviceSelector.Resolve("auto").type);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public void Resolve_CudaWithoutCuda_ThrowsInvalidOperationException(string setting)
    {
        Assert.SkipWhen(torch.cuda.is_available(), "CUDA is available here.");

        var error = Assert.Throws<InvalidOperationException>(() => TorchDeviceSelector.Resolve(setting));

        Assert.Contains("CUDA is not available", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:")]
    public void Resolve_UnknownSetting_ThrowsArgumentException(string setting)
    {
        Assert.Throws<ArgumentException>(() => TorchDeviceSelector.Resolve(setting));
    }
}
