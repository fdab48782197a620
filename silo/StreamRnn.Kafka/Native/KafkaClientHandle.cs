using Microsoft.Win32.SafeHandles;

namespace StreamRnn.Kafka.Native;

/// <summary>An <c>rd_kafka_t</c> created by this library; released with <c>rd_kafka_destroy</c>.</summary>
internal sealed class KafkaClientHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public KafkaClientHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibRdKafka.rd_kafka_destroy(handle);
        return true;
    }
}
