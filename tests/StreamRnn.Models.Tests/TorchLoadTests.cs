using TorchSharp;

namespace StreamRnn.Models.Tests;

public sealed class TorchLoadTests
{
    [Fact]
    public void Tensor_AddsOnCpu_AfterNativeLibraryLoads()
    {
        using var a = torch.ones(3);
        using var b = a + a;
        Assert.Equal(6f, b.sum().item<float>());
    }
}
