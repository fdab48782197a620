using System.Collections.Immutable;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Cluster;

/// <summary>
/// The silos' figures for the console's Cluster view, as the silos last reported them. Nothing is stored: every silo
/// reports every few seconds, so a new activation (after its silo left) is complete again within one interval, and an
/// entry whose silo stopped reporting (it died) leaves once older than the time it asked to be kept for.
/// </summary>
public sealed class ClusterStatusGrain(TimeProvider time) : Grain, IClusterStatusGrain
{
    private readonly Dictionary<string, (SiloFigures Figures, DateTimeOffset Until)> _silos = new(StringComparer.Ordinal);

    public ValueTask ReportAsync(SiloFigures figures, TimeSpan keepFor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var now = time.GetUtcNow();
        _silos[figures.SiloAddress] = (figures with { ReceivedAt = now }, now + keepFor);
        DropStale(now);
        return ValueTask.CompletedTask;
    }

    public ValueTask<ImmutableArray<SiloFigures>> GetAsync(CancellationToken cancellationToken = default)
    {
        DropStale(time.GetUtcNow());
        return ValueTask.FromResult(_silos.Values.Select(entry => entry.Figures).OrderBy(f => f.SiloName, StringComparer.Ordinal).ToImmutableArray());
    }

    private void DropStale(DateTimeOffset now)
    {
        foreach (var stale in _silos.Where(entry => entry.Value.Until <= now).Select(entry => entry.Key).ToList())
        {
            _silos.Remove(stale);
        }
    }
}
