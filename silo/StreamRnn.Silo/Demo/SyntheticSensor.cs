namespace StreamRnn.Silo.Demo;

/// <summary>
/// A synthetic sensor: a daily-like sine with noise, and from <see cref="FailsAtStep"/> on, its failure:
/// a stuck value, spikes, a drift away from its range, or silence (dropout). Deterministic for a seed.
/// </summary>
public sealed class SyntheticSensor
{
    private readonly Random _random;
    private readonly double _level;
    private readonly double _amplitude;
    private readonly double _period;
    private readonly double _phase;
    private double _stuckValue = double.NaN;

    public SyntheticSensor(string id, SensorFailure failure, long failsAtStep, int seed)
    {
        Id = id;
        Failure = failure;
        FailsAtStep = failsAtStep;
        _random = new Random(seed);
        _level = 20 + 60 * _random.NextDouble();
        _amplitude = 2 + 8 * _random.NextDouble();
        _period = 50 + 150 * _random.NextDouble();
        _phase = 2 * Math.PI * _random.NextDouble();
    }

    public string Id { get; }

    public SensorFailure Failure { get; }

    public long FailsAtStep { get; }

    /// <summary>The value at <paramref name="step"/>, or null when the sensor sends nothing (dropout).</summary>
    public double? ValueAt(long step)
    {
        var healthy = _level + _amplitude * Math.Sin(2 * Math.PI * step / _period + _phase) + 0.1 * _amplitude * NextGaussian();
        if (Failure == SensorFailure.None || step < FailsAtStep)
        {
            return healthy;
        }

        var since = step - FailsAtStep;
        switch (Failure)
        {
            case SensorFailure.Stuck:
                if (double.IsNaN(_stuckValue))
                {
                    _stuckValue = Math.Round(healthy, 3);
                }

                return _stuckValue;
            case SensorFailure.Spike:
                return since % 40 == 0 ? healthy + 8 * _amplitude : healthy;
            case SensorFailure.Drift:
                return healthy + _amplitude * since / 10.0;
            case SensorFailure.Dropout:
                return null;
            default:
                return healthy;
        }
    }

    private double NextGaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
