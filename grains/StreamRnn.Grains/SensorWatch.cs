using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// The recent points of a watched sensor: a ring of at most <see cref="Capacity"/> points that lives only while the
/// console keeps asking (<see cref="Lease"/> after its last request).
/// </summary>
internal sealed class SensorWatch(DateTimeOffset now)
{
    /// <summary>Points kept (about 4 minutes of a reading a second; ~40 bytes each, only while watched).</summary>
    public const int Capacity = 240;

    /// <summary>How long a watch lasts after the last request.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private readonly SensorPoint[] _points = new SensorPoint[Capacity];
    private int _next;
    private int _count;

    public DateTimeOffset Until { get; private set; } = now + Lease;

    public void Extend(DateTimeOffset now) => Until = now + Lease;

    public void Add(IReadOnlyList<PipelineScore> scores)
    {
        foreach (var score in scores)
        {
            _points[_next] = new SensorPoint(score.Timestamp, score.Value, score.Expected, score.Score, score.ModelVersion);
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>The points, oldest first.</summary>
    public SensorPoint[] Points()
    {
        var points = new SensorPoint[_count];
        var start = (_next - _count + Capacity) % Capacity;
        for (var i = 0; i < _count; i++)
        {
            points[i] = _points[(start + i) % Capacity];
        }

        return points;
    }
}
