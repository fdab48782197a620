using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace StreamRnn.Kafka;

/// <summary>Registration of StreamRnn's Kafka plumbing.</summary>
public static class KafkaExtensions
{
    /// <summary>
    /// Binds <see cref="KafkaOptions"/> from the <c>Kafka</c> section (validated at start) and
    /// registers the singleton <see cref="IKafkaConnection"/>.
    /// </summary>
    public static IServiceCollection AddStreamRnnKafka(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<KafkaOptions>()
            .BindConfiguration(KafkaOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>());
        services.TryAddSingleton<KafkaConnection>();
        services.TryAddSingleton<IKafkaConnection>(provider => provider.GetRequiredService<KafkaConnection>());
        return services;
    }
}
