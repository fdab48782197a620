using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StreamRnn.Inference.Batching;
using StreamRnn.Inference.Checkpoints;

namespace StreamRnn.Inference;

/// <summary>Registers the StreamRnn inference services.</summary>
public static class InferenceExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ModelOptions"/> (section <c>Model</c>) and <see cref="InferenceOptions"/>
    /// (section <c>Inference</c>) on start, adds <see cref="TimeProvider.System"/> unless a clock is registered,
    /// and registers one <see cref="InferenceBatcher"/> per process as itself and as <see cref="IInferenceBatcher"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddStreamRnnInference(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.SectionName).ValidateOnStart();
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>());
        services.TryAddSingleton<ModelCheckpointOptionsSetup>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ModelOptions>, ModelCheckpointOptionsSetup>(static provider => provider.GetRequiredService<ModelCheckpointOptionsSetup>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOptions>, ModelCheckpointOptionsSetup>(static provider => provider.GetRequiredService<ModelCheckpointOptionsSetup>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InferenceBatcher>();
        services.TryAddSingleton<IInferenceBatcher>(static provider => provider.GetRequiredService<InferenceBatcher>());
        return services;
    }
}
