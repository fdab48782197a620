using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>The command line of one silo process of a <see cref="ClusterSpec"/>.</summary>
internal static class SiloArguments
{
    /// <summary>
    /// Redis cluster mode on the given ports, the shared Kafka, and everything that could make two runs of the same
    /// input differ switched off: no demo fleet, no fine-tuning (so no model swap), no wall-clock dropout alerts,
    /// the CPU device.
    /// </summary>
    public static IReadOnlyList<string> For(ClusterSpec spec, SiloPorts ports, bool ingest)
    {
        string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
        return
        [
            $"--Urls=http://127.0.0.1:{Port(ports.Http)}",
            $"--Cluster:Redis:ConnectionString={spec.RedisConnectionString}",
            // The chaos run is about kills and membership, on one machine: no TLS (explicitly).
            "--Cluster:Tls:Disabled=true",
            $"--Cluster:ClusterId={spec.ClusterId}",
            $"--Cluster:ServiceId={spec.ServiceId}",
            "--Cluster:AdvertisedAddress=127.0.0.1",
            $"--Cluster:SiloPort={Port(ports.Silo)}",
            $"--Cluster:GatewayPort={Port(ports.Gateway)}",
            $"--Kafka:BootstrapServers={spec.BootstrapServers}",
            $"--Kafka:ReadingsTopic={spec.ReadingsTopic}",
            $"--Kafka:ConsumerGroup={spec.ConsumerGroup}",
            $"--Kafka:AlertsTopic={spec.AlertsTopic}",
            // A killed member's partitions move after this, not after librdkafka's default 45 s.
            "--Kafka:Consumer:session.timeout.ms=6000",
            "--Kafka:Consumer:heartbeat.interval.ms=1500",
            $"--Ingest:Enabled={(ingest ? "true" : "false")}",
            $"--Ingest:CheckpointInterval={spec.CheckpointInterval.ToString("c", CultureInfo.InvariantCulture)}",
            "--Demo:Enabled=false",
            "--Training:Interval=00:00:00",
            "--Training:ContributeWindows=false",
            "--Sensors:MinimumDropoutSilence=1.00:00:00",
            $"--Sensors:LearningReadings={SyntheticSeries.LearningReadings.ToString(CultureInfo.InvariantCulture)}",
            "--Model:Device=cpu",
        ];
    }
}
