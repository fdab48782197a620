using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Runtime;
using StreamRnn.Contracts;

namespace StreamRnn.Hosting;

/// <summary>
/// Refuses a call to an <see cref="IngestOnlyAttribute"/> method (<see cref="ISensorGrain.ApplyAsync"/>,
/// <see cref="ISensorGrain.CheckpointAsync"/>) unless it comes from inside a silo: from a grain, a system target, or
/// the silo's hosted client (the Kafka ingest runs there). A cluster client connected through a gateway gets
/// <see cref="UnauthorizedAccessException"/> and the grain is not touched, so nobody outside can apply a reading
/// with <c>Offset=long.MaxValue</c> and mute a sensor.
/// </summary>
/// <remarks>
/// The caller is the message's sending grain id, which Orleans' own client sets to its client id. It is a guard
/// against every Orleans client, the <c>streamrnn</c> CLI included; mutual TLS (<c>Cluster:Tls</c>) is what keeps a
/// stranger from speaking the protocol at all.
/// </remarks>
public sealed class IngestOnlyCallFilter : IIncomingGrainCallFilter
{
    /// <summary>The key prefix of a silo's hosted client (Orleans' <c>HostedClient.CreateHostedClientGrainId</c>).</summary>
    private const string HostedClientPrefix = "hosted-";

    private static readonly ConcurrentDictionary<MethodInfo, bool> IngestOnly = new();

    /// <inheritdoc />
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.InterfaceMethod;
        if (method is not null
            && IngestOnly.GetOrAdd(method, static m => m.IsDefined(typeof(IngestOnlyAttribute), inherit: false))
            && IsOutsideClient(context.SourceId))
        {
            throw new UnauthorizedAccessException(
                $"{context.InterfaceName}.{context.MethodName} is ingest-only: readings reach sensors through the Kafka readings topic, and a cluster client ({context.SourceId?.ToString() ?? "unknown caller"}) may not call it.");
        }

        return context.Invoke();
    }

    /// <summary>
    /// Whether <paramref name="source"/> is a client outside the silos (or unknown): not a grain, not a system target
    /// and not a silo's hosted client.
    /// </summary>
    public static bool IsOutsideClient(GrainId? source)
    {
        if (source is not { } id)
        {
            return true;
        }

        return GrainTypePrefix.IsClient(id) && !id.Key.ToString().StartsWith(HostedClientPrefix, StringComparison.Ordinal);
    }
}
