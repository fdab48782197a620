using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Placement;

/// <summary>Registers the accelerator placement filter and advertises this silo's accelerator in its metadata.</summary>
public static class AcceleratorPlacementExtensions
{
    /// <summary>
    /// Advertises <see cref="AcceleratorSiloMetadata.Key"/> (<c>cuda</c> when <paramref name="device"/> resolves to a
    /// CUDA device, <c>none</c> otherwise) and registers <see cref="AcceleratorPlacementFilterDirector"/>.
    /// </summary>
    public static ISiloBuilder AddAcceleratorPlacement(this ISiloBuilder silo, string device)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var accelerator = TorchDeviceSelector.IsCuda(device) ? AcceleratorSiloMetadata.Cuda : AcceleratorSiloMetadata.None;
        silo.UseSiloMetadata(new Dictionary<string, string> { [AcceleratorSiloMetadata.Key] = accelerator });
        silo.Services.AddPlacementFilter<AcceleratorPlacementFilterStrategy, AcceleratorPlacementFilterDirector>(ServiceLifetime.Singleton);
        return silo;
    }
}
