using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Placement;

/// <summary>Registers the accelerator placement filter, the pool across silos, and advertises this silo's accelerator in its metadata.</summary>
public static class AcceleratorPlacementExtensions
{
    /// <summary>
    /// Advertises <see cref="AcceleratorSiloMetadata.Key"/> (<c>InferencePool:Accelerator</c>; by default <c>cuda</c> when
    /// <paramref name="device"/> resolves to a CUDA device, <c>none</c> otherwise), registers
    /// <see cref="AcceleratorPlacementFilterDirector"/> (trainers), <see cref="PoolSiloPlacementDirector"/> (pool grains)
    /// and the <see cref="InferencePoolRouter"/> sensors ask where to run their steps.
    /// </summary>
    public static ISiloBuilder AddAcceleratorPlacement(this ISiloBuilder silo, string device)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var setting = silo.Configuration[$"{InferencePoolOptions.SectionName}:{nameof(InferencePoolOptions.Accelerator)}"];
        var accelerator = InferencePoolOptions.Advertised(setting, () => TorchDeviceSelector.IsCuda(device));
        silo.UseSiloMetadata(new Dictionary<string, string> { [AcceleratorSiloMetadata.Key] = accelerator });
        silo.Services.AddPlacementFilter<AcceleratorPlacementFilterStrategy, AcceleratorPlacementFilterDirector>(ServiceLifetime.Singleton);
        silo.Services.AddPlacementDirector<PoolSiloPlacement, PoolSiloPlacementDirector>();
        silo.Services.AddOptions<InferencePoolOptions>().BindConfiguration(InferencePoolOptions.SectionName).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferencePoolOptions>, InferencePoolOptionsValidator>());
        silo.Services.AddSingleton(new AdvertisedAccelerator(accelerator));
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<InferencePoolCounters>();
        silo.Services.TryAddSingleton<InferencePoolRouter>();
        return silo;
    }
}
