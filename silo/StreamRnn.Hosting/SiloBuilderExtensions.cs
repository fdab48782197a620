using Orleans.Storage;
using StreamRnn.Contracts;
using StreamRnn.Grains;
using StreamRnn.Grains.Placement;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Kafka;
using StreamRnn.Hosting.Alerts;
using StreamRnn.Hosting.Ingest;

namespace StreamRnn.Hosting;

/// <summary>Registration of StreamRnn in a silo: storage, streams, grains' services, Kafka ingest and alerts.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>
    /// Grain storage and streams (in memory: the embedded default), the grains' services, the Kafka
    /// connection, the alert sink and this silo's ingest consumer.
    /// </summary>
    public static ISiloBuilder AddStreamRnn(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);

        // Grain state in Orleans' own binary format (version tolerant through the [Id]s of
        // SensorState) rather than the default Newtonsoft JSON: a sensor writes its state on every
        // apply, and JSON serialisation took half the silo's CPU under a backlog.
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.AddMemoryGrainStorage(StorageNames.Sensors);
        silo.AddMemoryGrainStorage(StorageNames.Models);
        silo.AddMemoryGrainStorage(StorageNames.Training);
        silo.AddAcceleratorPlacement(silo.Configuration[$"{ModelOptions.SectionName}:{nameof(ModelOptions.Device)}"] ?? "auto");
        silo.AddMemoryGrainStorage(StreamNames.PubSubStore);
        silo.AddMemoryStreams(StreamNames.Provider);
        silo.AddStreamRnnReminders();
        silo.Services.AddStreamRnnPipeline();
        return silo;
    }

    /// <summary>The non-Orleans services of the pipeline.</summary>
    public static IServiceCollection AddStreamRnnPipeline(this IServiceCollection services)
    {
        services.AddStreamRnnGrains();
        services.AddStreamRnnKafka();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<IngestOptions>, IngestOptionsValidator>();
        services.AddSingleton<PipelineCounters>();
        services.AddSingleton<IngestTelemetry>();
        services.AddSingleton<KafkaAlertSink>();
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<KafkaAlertSink>());
        services.AddSingleton<IScoreSink>(sp => string.IsNullOrEmpty(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<KafkaOptions>>().Value.ScoresTopic)
            ? new NullScoreSink()
            : ActivatorUtilities.CreateInstance<KafkaScoreSink>(sp));
        services.AddHostedService<KafkaIngestService>();
        return services;
    }
}
