using System.Runtime.InteropServices;

namespace StreamRnn.Kafka.Native;

/// <summary>
/// The few librdkafka entry points this library calls itself. They are bound by name to
/// <see cref="ImportName"/>, which <see cref="KafkaNativeLibrary"/> resolves (through
/// <see cref="NativeLibrary.SetDllImportResolver"/>) to the handle of the very library that
/// Confluent.Kafka uses, so there is only ever one librdkafka in the process.
/// </summary>
/// <remarks>Every caller must run <see cref="KafkaNativeLibrary.EnsureLoaded"/> first.</remarks>
internal static unsafe partial class LibRdKafka
{
    /// <summary>A name no loader would find by itself: only our resolver answers it.</summary>
    internal const string ImportName = "streamrnn-librdkafka";

    internal const int ConfOk = 0;
    internal const int ProducerType = 0;
    internal const int ErrorStringSize = 512;

    [LibraryImport(ImportName)]
    internal static partial nint rd_kafka_version_str();

    [LibraryImport(ImportName)]
    internal static partial nint rd_kafka_err2str(int err);

    [LibraryImport(ImportName)]
    internal static partial nint rd_kafka_conf_new();

    [LibraryImport(ImportName)]
    internal static partial void rd_kafka_conf_destroy(nint conf);

    [LibraryImport(ImportName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_conf_set(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(ImportName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_conf_get(nint conf, string name, byte* dest, ref nuint destSize);

    /// <summary>Takes ownership of <paramref name="conf"/> on success only.</summary>
    [LibraryImport(ImportName)]
    internal static partial KafkaClientHandle rd_kafka_new(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(ImportName)]
    internal static partial void rd_kafka_destroy(nint rk);

    [LibraryImport(ImportName)]
    internal static partial nint rd_kafka_mock_cluster_new(KafkaClientHandle rk, int brokerCount);

    [LibraryImport(ImportName)]
    internal static partial void rd_kafka_mock_cluster_destroy(nint mcluster);

    [LibraryImport(ImportName)]
    internal static partial nint rd_kafka_mock_cluster_bootstraps(MockClusterHandle mcluster);

    [LibraryImport(ImportName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_topic_create(MockClusterHandle mcluster, string topic, int partitionCount, int replicationFactor);

    /// <summary>Returns nothing (librdkafka declares it <c>void</c>): there is no error to check.</summary>
    [LibraryImport(ImportName)]
    internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(MockClusterHandle mcluster, int delayMs);

    /// <summary>Changes the host and port a broker advertises in metadata; its listener stays where it is. Returns nothing.</summary>
    [LibraryImport(ImportName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void rd_kafka_mock_broker_set_host_port(MockClusterHandle mcluster, int brokerId, string host, int port);

    /// <summary>Closes every connection to the broker and refuses new ones until <see cref="rd_kafka_mock_broker_set_up"/>; leaders stay where they are.</summary>
    [LibraryImport(ImportName)]
    internal static partial int rd_kafka_mock_broker_set_down(MockClusterHandle mcluster, int brokerId);

    /// <summary>Lets the broker accept connections again.</summary>
    [LibraryImport(ImportName)]
    internal static partial int rd_kafka_mock_broker_set_up(MockClusterHandle mcluster, int brokerId);

    /// <summary>
    /// Queues <paramref name="count"/> errors for the next requests of <paramref name="apiKey"/> to any broker, one
    /// per request, in order (the non-variadic form of <c>rd_kafka_mock_push_request_errors</c>). Returns nothing.
    /// </summary>
    [LibraryImport(ImportName)]
    internal static partial void rd_kafka_mock_push_request_errors_array(MockClusterHandle mcluster, short apiKey, nuint count, int* errors);

    /// <summary>Drops the errors still queued for <paramref name="apiKey"/>. Returns nothing.</summary>
    [LibraryImport(ImportName)]
    internal static partial void rd_kafka_mock_clear_request_errors(MockClusterHandle mcluster, short apiKey);

    /// <summary>Makes <paramref name="brokerId"/> the partition's leader (-1: no leader).</summary>
    [LibraryImport(ImportName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_partition_set_leader(MockClusterHandle mcluster, string topic, int partition, int brokerId);

    /// <summary>Starts recording every request the mock brokers receive. Returns nothing.</summary>
    [LibraryImport(ImportName)]
    internal static partial void rd_kafka_mock_start_request_tracking(MockClusterHandle mcluster);

    /// <summary>Stops recording requests (those recorded stay). Returns nothing.</summary>
    [LibraryImport(ImportName)]
    internal static partial void rd_kafka_mock_stop_request_tracking(MockClusterHandle mcluster);

    /// <summary>The requests recorded so far: an array the caller frees with <see cref="rd_kafka_mock_request_destroy_array"/>.</summary>
    [LibraryImport(ImportName)]
    internal static partial nint* rd_kafka_mock_get_requests(MockClusterHandle mcluster, out nuint count);

    [LibraryImport(ImportName)]
    internal static partial short rd_kafka_mock_request_api_key(nint request);

    [LibraryImport(ImportName)]
    internal static partial void rd_kafka_mock_request_destroy_array(nint* requests, nuint count);

    /// <summary>Forgets the requests recorded so far. Returns nothing.</summary>
    [LibraryImport(ImportName)]
    internal static partial void rd_kafka_mock_clear_requests(MockClusterHandle mcluster);

    /// <summary>Reads a string property of a fresh default configuration (e.g. <c>builtin.features</c>).</summary>
    internal static string? ReadDefaultConfProperty(string name)
    {
        var conf = rd_kafka_conf_new();
        try
        {
            nuint size = 0;
            if (rd_kafka_conf_get(conf, name, null, ref size) != ConfOk || size == 0)
            {
                return null;
            }

            var buffer = new byte[(int)size];
            fixed (byte* destination = buffer)
            {
                if (rd_kafka_conf_get(conf, name, destination, ref size) != ConfOk)
                {
                    return null;
                }
            }

            return ReadNulTerminated(buffer);
        }
        finally
        {
            rd_kafka_conf_destroy(conf);
        }
    }

    internal static string ErrorToString(int err) => Marshal.PtrToStringUTF8(rd_kafka_err2str(err)) ?? $"error {err}";

    internal static string ReadNulTerminated(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? buffer : buffer[..end]);
    }
}
