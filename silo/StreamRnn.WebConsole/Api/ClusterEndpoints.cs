using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using StreamRnn.Contracts;
using StreamRnn.Grains.Placement;

namespace StreamRnn.WebConsole.Api;

/// <summary>
/// <c>GET /api/cluster</c>: the active silos with their role (accelerator or not, from the silo metadata) and the figures
/// each reported to the <see cref="IClusterStatusGrain"/> (readings/s, mean batch size, model version served, consumer lag
/// per partition; null until it reports, or when its reports stopped); this silo's own figures; the active model version.
/// </summary>
internal static class ClusterEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cluster", async (IGrainFactory grains, ISiloMetadataCache metadata, ILocalSiloDetails local, ConsoleMetrics metrics, IOptions<WebConsoleOptions> options, CancellationToken cancellationToken) =>
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true, cancellationToken);
            var reported = (await grains.GetGrain<IClusterStatusGrain>(0).GetAsync(cancellationToken)).ToDictionary(f => f.SiloAddress, StringComparer.Ordinal);
            var silos = hosts.OrderBy(h => h.SiloName, StringComparer.Ordinal).Select(host => new
            {
                address = host.SiloAddress.ToString(),
                name = host.SiloName,
                status = host.Status.ToString(),
                accelerator = metadata.GetSiloMetadata(host.SiloAddress).Metadata.GetValueOrDefault(AcceleratorSiloMetadata.Key) ?? AcceleratorSiloMetadata.None,
                local = host.SiloAddress.Equals(local.SiloAddress),
                figures = reported.GetValueOrDefault(host.SiloAddress.ToString()),
            });
            var active = await grains.GetGrain<IModelRegistryGrain>(options.Value.ModelGroup).GetActiveAsync(cancellationToken);
            return ConsoleJson.Ok(new { silos, thisSilo = metrics.Current(), activeModel = active.Version, modelGroup = options.Value.ModelGroup });
        });
}
