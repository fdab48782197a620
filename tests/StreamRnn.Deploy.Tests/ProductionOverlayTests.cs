using k8s.Models;
using StreamRnn.Deploy.Tests.Crds;
using StreamRnn.Deploy.Tests.Infrastructure;
using StreamRnn.Kafka;
using StreamRnn.Models;

namespace StreamRnn.Deploy.Tests;

/// <summary>The production overlay: autoscaling, topics and the GPU pool against the silo's settings.</summary>
public sealed class ProductionOverlayTests
{
    private const string Overlay = "overlays/production";
    private const string Gpu = "nvidia.com/gpu";

    [Fact]
    public void ScaledObject_KafkaTrigger_UsesTheSilosConsumerGroupAndReadingsTopic()
    {
        var objects = Manifests.Load(Overlay);
        var settings = EffectiveKafka(objects);
        var trigger = Assert.Single(Assert.Single(objects.OfType<ScaledObject>()).Spec!.Triggers!);

        Assert.Equal("kafka", trigger.Type);
        Assert.Equal(settings.ConsumerGroup, trigger.Metadata!["consumerGroup"]);
        Assert.Equal(settings.ReadingsTopic, trigger.Metadata["topic"]);
        Assert.Equal(settings.BootstrapServers, trigger.Metadata["bootstrapServers"]);
    }

    [Fact]
    public void ScaledObject_Target_IsAnIngestingSiloPoolWithoutFixedReplicas()
    {
        var objects = Manifests.Load(Overlay);
        var scaled = Assert.Single(objects.OfType<ScaledObject>());
        var target = Assert.Single(Manifests.Silos(objects), d => d.Metadata.Name == scaled.Spec!.ScaleTargetRef!.Name);

        Assert.True(Ingests(target));
        Assert.Null(target.Spec.Replicas);
        Assert.InRange(scaled.Spec!.MinReplicaCount ?? 0, 1, scaled.Spec.MaxReplicaCount ?? 0);
    }

    [Fact]
    public void MaxReplicas_IngestingSilos_AtMostTheReadingsTopicsPartitions()
    {
        // One consumer-group member per silo: ingesting silos past the partition count own nothing.
        var objects = Manifests.Load(Overlay);
        var readings = Assert.Single(objects.OfType<KafkaTopic>(), t => t.NameInKafka() == EffectiveKafka(objects).ReadingsTopic);
        var scaled = objects.OfType<ScaledObject>().ToDictionary(s => s.Spec!.ScaleTargetRef!.Name!, s => s.Spec!.MaxReplicaCount!.Value);

        var ingesting = Manifests.Silos(objects).Where(Ingests).Sum(d => scaled.TryGetValue(d.Metadata.Name, out var max) ? max : d.Spec.Replicas ?? 1);

        Assert.True(ingesting <= readings.Spec!.Partitions, $"Up to {ingesting} ingesting silos for {readings.Spec.Partitions} partitions.");
    }

    [Fact]
    public void KafkaTopics_Production_AreExactlyTheSilosTopics()
    {
        var objects = Manifests.Load(Overlay);
        var settings = EffectiveKafka(objects);
        var expected = new[] { settings.ReadingsTopic, settings.DeadLetterTopic, settings.AlertsTopic, settings.AlertEventsTopic, settings.ScoresTopic };

        Assert.All(expected, topic => Assert.False(string.IsNullOrEmpty(topic)));
        Assert.Equal(expected.Order(StringComparer.Ordinal), objects.OfType<KafkaTopic>().Select(t => t.NameInKafka()).Order(StringComparer.Ordinal));
        Assert.All(objects.OfType<KafkaTopic>(), t => Assert.True(t.Spec!.Partitions > 0 && t.Spec.Replicas > 0 && t.Metadata!.Labels.ContainsKey("strimzi.io/cluster")));
    }

    [Fact]
    public void KafkaTopics_DeadLetterTopic_KeepsLongerThanTheReadingsTopic()
    {
        var objects = Manifests.Load(Overlay);
        var settings = EffectiveKafka(objects);
        var topics = objects.OfType<KafkaTopic>().ToDictionary(t => t.NameInKafka());

        Assert.True(Retention(topics[settings.DeadLetterTopic]) > Retention(topics[settings.ReadingsTopic]));
    }

    [Fact]
    public void GpuPool_Production_RequestsAGpuOnGpuNodesAndAdvertisesCuda()
    {
        var gpuSilos = Manifests.Silos(Manifests.Load(Overlay)).Where(d => GpuCount(d) > 0).ToList();
        var pool = Assert.Single(gpuSilos);
        var spec = pool.Spec.Template.Spec;
        var device = Manifests.Env(Manifests.SiloContainer(pool), "Model__Device");

        Assert.Equal(1, GpuCount(pool));
        Assert.Equal("true", spec.NodeSelector["nvidia.com/gpu.present"]);
        Assert.Contains(spec.Tolerations, t => t.Key == Gpu && t.Effect == "NoSchedule" && t.OperatorProperty == "Exists");
        // A CUDA device by name (cuda or cuda:N), which TorchDeviceSelector resolves to CUDA on a GPU node and the silo then
        // advertises as streamrnn.accelerator=cuda ('auto' would fall back to the CPU, silently, on a node without one).
        Assert.NotNull(device);
        Assert.Matches(TorchDeviceSelector.Pattern, device);
        Assert.Matches("^cuda(:[0-9]+)?$", device);
        Assert.EndsWith("-cuda:" + Manifests.SiloContainer(pool).Image.Split(':')[^1], Manifests.SiloContainer(pool).Image, StringComparison.Ordinal);
    }

    [Fact]
    public void CpuPool_Production_RequestsNoGpuAndToleratesNoGpuTaint()
    {
        var cpuSilos = Manifests.Silos(Manifests.Load(Overlay)).Where(d => GpuCount(d) == 0).ToList();

        Assert.NotEmpty(cpuSilos);
        Assert.All(cpuSilos, d => Assert.DoesNotContain(d.Spec.Template.Spec.Tolerations ?? [], t => t.Key == Gpu));
        Assert.All(cpuSilos, d => Assert.DoesNotMatch("^cuda", Manifests.Env(Manifests.SiloContainer(d), "Model__Device") ?? "auto"));
    }

    /// <summary>The Kafka settings every silo of the overlay runs with: KafkaOptions' defaults, then the manifests' values.</summary>
    private static KafkaOptions EffectiveKafka(IReadOnlyList<object> objects)
    {
        var containers = Manifests.Silos(objects).Select(Manifests.SiloContainer).ToList();
        string? Single(string name)
        {
            var values = containers.Select(c => Manifests.Env(c, name)).Distinct(StringComparer.Ordinal).ToList();
            Assert.True(values.Count == 1, $"The silo pools disagree on {name}.");
            return values[0];
        }

        var options = new KafkaOptions();
        options.BootstrapServers = Single("Kafka__BootstrapServers") ?? options.BootstrapServers;
        options.ReadingsTopic = Single("Kafka__ReadingsTopic") ?? options.ReadingsTopic;
        options.DeadLetterTopic = Single("Kafka__DeadLetterTopic") ?? options.DeadLetterTopic;
        options.AlertsTopic = Single("Kafka__AlertsTopic") ?? options.AlertsTopic;
        options.AlertEventsTopic = Single("Kafka__AlertEventsTopic") ?? options.AlertEventsTopic;
        options.ScoresTopic = Single("Kafka__ScoresTopic") ?? options.ScoresTopic;
        options.ConsumerGroup = Single("Kafka__ConsumerGroup") ?? options.ConsumerGroup;
        return options;
    }

    private static bool Ingests(V1Deployment silo) =>
        !string.Equals(Manifests.Env(Manifests.SiloContainer(silo), "Ingest__Enabled"), "false", StringComparison.OrdinalIgnoreCase);

    private static long Retention(KafkaTopic topic) => long.Parse(topic.Spec!.Config!["retention.ms"], System.Globalization.CultureInfo.InvariantCulture);

    private static decimal GpuCount(V1Deployment silo)
    {
        var resources = Manifests.SiloContainer(silo).Resources;
        var limit = resources.Limits is not null && resources.Limits.TryGetValue(Gpu, out var l) ? l.ToDecimal() : 0m;
        var request = resources.Requests is not null && resources.Requests.TryGetValue(Gpu, out var r) ? r.ToDecimal() : limit;
        Assert.Equal(limit, request);
        return limit;
    }
}
