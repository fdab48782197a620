using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Models;

/// <summary>Registers the model's options.</summary>
public static class ModelExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ModelOptions"/> (section <c>Model</c>) on start; when <c>Model:Checkpoint</c> is
    /// set, the architecture is read from the checkpoint and a checkpoint that cannot be read fails validation.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddStreamRnnModels(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>());
        services.TryAddSingleton<ModelCheckpointOptionsSetup>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ModelOptions>, ModelCheckpointOptionsSetup>(static provider => provider.GetRequiredService<ModelCheckpointOptionsSetup>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOptions>, ModelCheckpointOptionsSetup>(static provider => provider.GetRequiredService<ModelCheckpointOptionsSetup>()));
        return services;
    }
}
