using System.Collections.Immutable;
using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// The operator console's view of a sensor: while watched (<see cref="ISensorWatchGrain.WatchAsync"/>), its scored points
/// go into a small ring; unwatched, the hook costs one null check per applied batch and the sensor keeps nothing.
/// </summary>
public sealed partial class SensorGrain : ISensorWatchGrain
{
    private SensorWatch? _watch;

    public ValueTask<ImmutableArray<SensorPoint>> WatchAsync(CancellationToken cancellationToken = default)
    {
        var now = _services.Clock.GetUtcNow();
        if (_watch is null || _watch.Until <= now)
        {
            _watch = new SensorWatch(now);
        }

        _watch.Extend(now);
        return ValueTask.FromResult(ImmutableArray.Create(_watch.Points()));
    }

    /// <summary>The hook in the apply path: keeps the batch's points while watched, and drops the ring when the watch lapsed.</summary>
    private void RecordWatched(IReadOnlyList<PipelineScore> scores)
    {
        if (_watch is null)
        {
            return;
        }

        if (_watch.Until <= _services.Clock.GetUtcNow())
        {
            _watch = null;
            return;
        }

        _watch.Add(scores);
    }
}
