using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace StreamRnn.Grains.Placement;

/// <summary>
/// Picks where a sensor on this silo runs its steps: a pool grain (<see cref="PoolGrainKey"/>) on one of the live silos
/// that advertise an accelerator, chosen by a hash of the sensor's id, or this silo's own batcher when this silo
/// advertises one itself, when <see cref="InferencePoolOptions.UseAcceleratorSilos"/> is off, or when no other silo does.
/// The set follows membership: it is rebuilt when the membership version changes (a silo joined or left), while a live
/// silo's metadata or its grain manifest has not arrived yet (until this silo's cluster manifest lists it, placement would
/// put a pool grain meant for it here, and that activation would stay), and after a call to a silo failed (that silo is left out for
/// <see cref="FailedSiloPause"/> or until membership changes, whichever comes first).
/// </summary>
public sealed partial class InferencePoolRouter
{
    /// <summary>How long a silo whose pool call failed is left out unless membership changes first.</summary>
    public static readonly TimeSpan FailedSiloPause = TimeSpan.FromSeconds(10);

    /// <summary>How often the set is rebuilt while a live silo's metadata is still unknown.</summary>
    private static readonly TimeSpan PendingRecheck = TimeSpan.FromMilliseconds(250);

    private readonly IClusterMembershipService _membership;
    private readonly ISiloMetadataCache _metadata;
    private readonly IClusterManifestProvider _manifest;
    private readonly SiloAddress _localSilo;
    private readonly bool _local;
    private readonly int _grainsPerSilo;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InferencePoolRouter> _logger;
    private readonly ConcurrentDictionary<SiloAddress, long> _failed = new();
    private Route? _route;
    private int _stale;

    public InferencePoolRouter(
        IClusterMembershipService membership,
        ISiloMetadataCache metadata,
        IClusterManifestProvider manifest,
        ILocalSiloDetails localSilo,
        IOptions<InferencePoolOptions> options,
        AdvertisedAccelerator advertised,
        TimeProvider timeProvider,
        ILogger<InferencePoolRouter> logger)
    {
        ArgumentNullException.ThrowIfNull(localSilo);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(advertised);
        _membership = membership;
        _metadata = metadata;
        _manifest = manifest;
        _localSilo = localSilo.SiloAddress;
        _local = advertised.IsAccelerator || !options.Value.UseAcceleratorSilos;
        _grainsPerSilo = options.Value.GrainsPerSilo;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The other live silos this silo's sensors send their steps to now (empty: they batch here).</summary>
    public IReadOnlyList<SiloAddress> AcceleratorSilos => _local ? [] : Current().Silos;

    /// <summary>A stable hash of a sensor id (the same on every silo and run), for <see cref="PoolKeyFor"/>.</summary>
    public static uint Hash(string sensorId)
    {
        ArgumentNullException.ThrowIfNull(sensorId);

        // FNV-1a over the UTF-16 code units.
        var hash = 2166136261u;
        foreach (var c in sensorId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <summary>The pool grain for a sensor whose id hashes to <paramref name="hash"/>, or null: run on this silo.</summary>
    public string? PoolKeyFor(uint hash)
    {
        if (_local)
        {
            return null;
        }

        var keys = Current().Keys;
        if (keys.Length == 0)
        {
            return null;
        }

        var silo = keys[(int)(hash % (uint)keys.Length)];
        return silo[(int)(hash / (uint)keys.Length % (uint)silo.Length)];
    }

    /// <summary>A call to <paramref name="poolKey"/> failed: leave its silo out until membership changes or the pause ends.</summary>
    public void ReportFailure(string poolKey, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(poolKey);
        if (!PoolGrainKey.TryParse(poolKey, out var silo, out _))
        {
            return;
        }

        var until = _timeProvider.GetTimestamp() + (long)(FailedSiloPause.TotalSeconds * _timeProvider.TimestampFrequency);
        if (_failed.TryAdd(silo, until))
        {
            LogSiloLeftOut(exception, silo, FailedSiloPause.TotalSeconds);
        }
        else
        {
            _failed[silo] = until;
        }

        Volatile.Write(ref _stale, 1);
    }

    private Route Current()
    {
        var snapshot = _membership.CurrentSnapshot;
        var route = Volatile.Read(ref _route);
        var now = _timeProvider.GetTimestamp();
        if (route is not null && route.Version == snapshot.Version && Volatile.Read(ref _stale) == 0 && (route.RecheckAt is not { } recheck || now < recheck))
        {
            return route;
        }

        Volatile.Write(ref _stale, 0);
        route = Build(snapshot, route, now);
        Volatile.Write(ref _route, route);
        return route;
    }

    private Route Build(ClusterMembershipSnapshot snapshot, Route? previous, long now)
    {
        if (previous is not null && previous.Version != snapshot.Version)
        {
            // Membership changed: a silo that failed a call is judged afresh by its status.
            _failed.Clear();
        }

        long? recheckAt = null;
        var silos = new List<SiloAddress>();
        foreach (var member in snapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active || member.SiloAddress.Equals(_localSilo))
            {
                continue;
            }

            if (_failed.TryGetValue(member.SiloAddress, out var until))
            {
                if (now < until)
                {
                    recheckAt = Math.Min(recheckAt ?? long.MaxValue, until);
                    continue;
                }

                _failed.TryRemove(member.SiloAddress, out _);
            }

            var metadata = _metadata.GetSiloMetadata(member.SiloAddress).Metadata;
            if (!metadata.TryGetValue(AcceleratorSiloMetadata.Key, out var accelerator) || !_manifest.Current.Silos.ContainsKey(member.SiloAddress))
            {
                // Its metadata or its grain manifest has not arrived yet: look again shortly.
                recheckAt = Math.Min(recheckAt ?? long.MaxValue, now + (long)(PendingRecheck.TotalSeconds * _timeProvider.TimestampFrequency));
                continue;
            }

            if (string.Equals(accelerator, AcceleratorSiloMetadata.Cuda, StringComparison.OrdinalIgnoreCase))
            {
                silos.Add(member.SiloAddress);
            }
        }

        // The same order on every silo, so a sensor that moves keeps its pool grain.
        silos.Sort(static (a, b) => string.CompareOrdinal(a.ToParsableString(), b.ToParsableString()));
        var keys = silos.Select(silo => Enumerable.Range(0, _grainsPerSilo).Select(slot => PoolGrainKey.Format(silo, slot)).ToArray()).ToArray();
        var before = previous?.Silos ?? [];
        if (!before.SequenceEqual(silos))
        {
            LogRoute(silos.Count, silos);
        }

        return new Route(snapshot.Version, silos, keys, recheckAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference pool: this silo's sensors send their steps to {Count} accelerator silo(s): {Silos} (none: batched on this silo)")]
    private partial void LogRoute(int count, IEnumerable<SiloAddress> silos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inference pool: a step call to accelerator silo {Silo} failed; its steps run on this silo for up to {Seconds} s or until membership changes")]
    private partial void LogSiloLeftOut(Exception exception, SiloAddress silo, double seconds);

    private sealed record Route(MembershipVersion Version, IReadOnlyList<SiloAddress> Silos, string[][] Keys, long? RecheckAt);
}
