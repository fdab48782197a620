using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using StreamRnn.Models;
using StreamRnn.Scoring;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains;

/// <summary>Registers what the grains need: sensor options, telemetry and the inference batcher.</summary>
public static class GrainsExtensions
{
    public static IServiceCollection AddStreamRnnGrains(this IServiceCollection services)
    {
        services.AddOptions<SensorOptions>().BindConfiguration(SensorOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<SensorOptions>, SensorOptionsValidator>());
        services.AddOptions<Training.FineTuningOptions>().BindConfiguration(Training.FineTuningOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<Training.FineTuningOptions>, Training.FineTuningOptionsValidator>());
        services.AddOptions<SensorActivationOptions>().BindConfiguration(SensorActivationOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<SensorActivationOptions>, SensorActivationOptionsValidator>());
        services.AddOptions<SensorListing.SensorDirectoryOptions>().BindConfiguration(SensorListing.SensorDirectoryOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<SensorListing.SensorDirectoryOptions>, SensorListing.SensorDirectoryOptionsValidator>());
        services.AddOptions<GrainCollectionOptions>().Configure<Microsoft.Extensions.Options.IOptions<SensorActivationOptions>>((collection, activation) =>
        {
            // Idle sensors leave memory (their state stays in storage); under memory pressure the least recently used go first.
            collection.ClassSpecificCollectionAge[typeof(SensorGrain).FullName!] = activation.Value.IdleTimeout;
            collection.CollectionQuantum = activation.Value.CollectionQuantum;
            collection.EnableActivationSheddingOnMemoryPressure = activation.Value.ShedOnMemoryPressure;
            collection.MemoryUsageLimitPercentage = activation.Value.MemoryLimitPercent;
            collection.MemoryUsageTargetPercentage = activation.Value.MemoryTargetPercent;
        });
        services.TryAddSingleton<SensorActivations>();
        services.TryAddSingleton<DropoutWakeUps>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(SensorGrain.ClockKey, static (provider, _) => provider.GetRequiredService<TimeProvider>());
        services.TryAddSingleton<SensorTelemetry>();
        services.TryAddSingleton<SensorGrainServices>();
        services.TryAddSingleton<IScoreSink, NullScoreSink>();
        services.TryAddSingleton<Alerts.IAlertEventSink, Alerts.NullAlertEventSink>();
        services.TryAddSingleton<Alerts.AlertTelemetry>();
        services.TryAddSingleton<Training.FineTuningTelemetry>();
        services.TryAddSingleton<Training.FineTuningWorker>();
        services.TryAddSingleton<Models.ModelSyncStatus>();
        services.AddHostedService<Models.ModelVersionSyncService>();
        services.AddHostedService<Training.FineTuningScheduleService>();
        services.AddStreamRnnBatching();
        return services;
    }
}
