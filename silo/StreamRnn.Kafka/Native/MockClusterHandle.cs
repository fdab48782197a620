using Microsoft.Win32.SafeHandles;

namespace StreamRnn.Kafka.Native;

/// <summary>
/// An <c>rd_kafka_mock_cluster_t</c>. It holds a reference on the <c>rd_kafka_t</c> it was created
/// from, because librdkafka requires that handle to outlive the cluster: the cluster is destroyed
/// first, then the reference is dropped (and the client destroyed, if it was already disposed).
/// </summary>
internal sealed class MockClusterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private KafkaClientHandle? _owner;

    public MockClusterHandle()
        : base(ownsHandle: true)
    {
    }

    internal static MockClusterHandle Create(KafkaClientHandle owner, int brokerCount)
    {
        var added = false;
        owner.DangerousAddRef(ref added);
        var cluster = new MockClusterHandle();
        try
        {
            var raw = LibRdKafka.rd_kafka_mock_cluster_new(owner, brokerCount);
            if (raw == 0)
            {
                cluster.Dispose();
                throw new InvalidOperationException(
                    $"librdkafka could not create a mock cluster with {brokerCount} broker(s) (rd_kafka_mock_cluster_new returned NULL).");
            }

            cluster.SetHandle(raw);
            cluster._owner = owner;
            added = false;
            return cluster;
        }
        finally
        {
            if (added)
            {
                owner.DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle()
    {
        LibRdKafka.rd_kafka_mock_cluster_destroy(handle);
        _owner?.DangerousRelease();
        _owner = null;
        return true;
    }
}
