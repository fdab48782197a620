using System.Diagnostics;
using Confluent.Kafka;

namespace StreamRnn.Kafka.Tests;

public sealed class KafkaTraceContextTests
{
    [Fact]
    public void InjectThenExtract_W3CActivity_GivesTheSameTraceAndSpan()
    {
        using var activity = new Activity("produce").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "vendor=1";
        var headers = new Headers();

        KafkaTraceContext.Inject(activity, headers);

        Assert.True(KafkaTraceContext.TryExtract(headers, out var context));
        Assert.Equal(activity.TraceId, context.TraceId);
        Assert.Equal(activity.SpanId, context.SpanId);
        Assert.Equal("vendor=1", context.TraceState);
        Assert.True(context.IsRemote);
    }

    [Fact]
    public void Inject_NoActivity_AddsNoHeader()
    {
        var headers = new Headers();
        KafkaTraceContext.Inject(null, headers);
        Assert.Empty(headers);
        Assert.False(KafkaTraceContext.TryExtract(headers, out _));
    }

    [Fact]
    public void TryExtract_MalformedTraceParent_ReturnsFalse()
    {
        var headers = new Headers { { KafkaTraceContext.TraceParentHeader, "not-a-traceparent"u8.ToArray() } };
        Assert.False(KafkaTraceContext.TryExtract(headers, out _));
    }
}
