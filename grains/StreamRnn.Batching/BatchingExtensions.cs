using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StreamRnn.Models;

namespace StreamRnn.Batching;

/// <summary>Registers the StreamRnn inference batcher.</summary>
public static class BatchingExtensions
{
    /// <summary>
    /// Adds the model's options (<see cref="ModelExtensions.AddStreamRnnModels"/>), binds and validates
    /// <see cref="InferenceOptions"/> (section <c>Inference</c>) on start, adds <see cref="TimeProvider.System"/> unless a
    /// clock is registered, and registers one <see cref="InferenceBatcher"/> per process as itself and as
    /// <see cref="IInferenceBatcher"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddStreamRnnBatching(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddStreamRnnModels();
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InferenceBatcher>();
        services.TryAddSingleton<IInferenceBatcher>(static provider => provider.GetRequiredService<InferenceBatcher>());
        return services;
    }
}
