using Microsoft.Extensions.Options;
using Orleans.Storage;
using StackExchange.Redis;
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
    /// Grain storage (in Redis in production mode, <c>Cluster:Redis:ConnectionString</c> set; in memory
    /// otherwise: the embedded default), streams, reminders, the grains' services, the Kafka connection, the
    /// alert sink and this silo's ingest consumer. Clustering is the host's choice
    /// (<see cref="ClusteringExtensions.UseStreamRnnClustering"/> for the silo executable).
    /// </summary>
    public static ISiloBuilder AddStreamRnn(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);

        // Before libtorch loads: its OpenMP workers sleep between forwards instead of spinning on the cores the grains need.
        OpenMpWaitPolicy.ApplyDefault();

        // Grain state in Orleans' own binary format (version tolerant through the [Id]s of
        // SensorState) rather than the default Newtonsoft JSON: a sensor writes its state on every
        // apply, and JSON serialisation took half the silo's CPU under a backlog.
        // Written through a buffer kept per thread (RecycledBufferGrainStorageSerializer): the same bytes, allocated once.
        silo.Services.AddSingleton<IGrainStorageSerializer, RecycledBufferGrainStorageSerializer>();
        silo.Services.AddStreamRnnClusterOptions();
        string[] storageNames = [StorageNames.Sensors, StorageNames.Models, StorageNames.Training, StreamNames.PubSubStore];
        var redis = !string.IsNullOrWhiteSpace(silo.Configuration[StreamRnnClusterOptions.RedisConnectionStringKey]);
        foreach (var name in storageNames)
        {
            if (redis)
            {
                // Keys are {ServiceId}/state/{grain id}/{grain type}; the binary serializer is set here
                // too, so the store never falls back to another one.
                silo.AddRedisGrainStorage(name, options => options.Configure<IOptions<StreamRnnClusterOptions>, IGrainStorageSerializer>((redisOptions, cluster, serializer) =>
                {
                    redisOptions.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Value.Redis.ConnectionString!);
                    redisOptions.GrainStorageSerializer = serializer;
                }));
            }
            else
            {
                silo.AddMemoryGrainStorage(name);
            }
        }

        silo.AddAcceleratorPlacement(silo.Configuration[$"{ModelOptions.SectionName}:{nameof(ModelOptions.Device)}"] ?? "auto");
        silo.AddMemoryStreams(StreamNames.Provider);
        silo.AddStreamRnnReminders();
        silo.AddIncomingGrainCallFilter<IngestOnlyCallFilter>();
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
        services.AddSingleton<Health.KafkaReachability>();
        services.AddSingleton<KafkaAlertSink>();
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<KafkaAlertSink>());
        services.AddSingleton<StreamRnn.Grains.Alerts.IAlertEventSink, KafkaAlertEventSink>();
        services.AddSingleton<IDeadLetterSink, KafkaDeadLetterSink>();
        services.AddSingleton<IScoreSink>(sp => string.IsNullOrEmpty(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<KafkaOptions>>().Value.ScoresTopic)
            ? new NullScoreSink()
            : ActivatorUtilities.CreateInstance<KafkaScoreSink>(sp));
        services.AddHostedService<KafkaIngestService>();
        return services;
    }
}
