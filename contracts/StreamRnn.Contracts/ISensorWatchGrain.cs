using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>
/// A sensor as the operator's console watches it (same grain as <see cref="ISensorGrain"/>, same key). A sensor keeps its
/// recent points only while someone watches: the first call starts a small bounded ring, each call extends the watch,
/// and the ring is dropped once nobody has asked for a while. Unwatched sensors keep nothing and do no extra work.
/// </summary>
public interface ISensorWatchGrain : IGrainWithStringKey
{
    /// <summary>Starts or extends the watch; returns the points scored since it started (oldest first, bounded).</summary>
    ValueTask<ImmutableArray<SensorPoint>> WatchAsync(CancellationToken cancellationToken = default);
}
