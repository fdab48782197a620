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
    public void Resolve_Auto_CpuOnlyBuild_ReturnsCpu()
    {
        Assert.SkipWhen(BuiltWithCudaBackend(), "This build uses TorchSharp's CUDA backend.");

        Assert.Equal(DeviceType.CPU, TorchDeviceSelector.Resolve("auto").type);
    }

    [Fact]
    public void Resolve_Auto_CudaBuildWithNvidiaDriver_ReturnsCuda()
    {
        Assert.SkipUnless(BuiltWithCudaBackend() && NvidiaDriverLoaded(), "Needs the CUDA build (TorchBackend=cuda) on a machine with an NVIDIA driver.");

        Assert.Equal(DeviceType.CUDA, TorchDeviceSelector.Resolve("auto").type);
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

    /// <summary>Which TorchSharp native package this test assembly was built against, read from its deps file (not from TorchSharp).</summary>
    private static bool BuiltWithCudaBackend()
    {
        var deps = Path.Combine(AppContext.BaseDirectory, typeof(TorchDeviceSelectorTests).Assembly.GetName().Name + ".deps.json");
        return File.ReadAllText(deps).Contains("\"TorchSharp-cuda-linux/", StringComparison.Ordinal);
    }

    /// <summary>Whether the kernel has an NVIDIA driver loaded (its device nodes), independent of TorchSharp.</summary>
    private static bool NvidiaDriverLoaded() => File.Exists("/dev/nvidiactl") || Directory.Exists("/proc/driver/nvidia");
}
