using System.Collections.Concurrent;

namespace StreamRnn.Grains.Tests.Faults;

/// <summary>One-shot faults: armed by a test, thrown once by the wrapped part that reaches it next.</summary>
public sealed class FaultPlan
{
    private readonly ConcurrentDictionary<FaultPoint, bool> _armed = new();
    private readonly ConcurrentDictionary<FaultPoint, int> _fired = new();

    /// <summary>The next call through <paramref name="point"/> throws <see cref="InjectedFaultException"/>, once.</summary>
    public void Arm(FaultPoint point) => _armed[point] = true;

    /// <summary>How many faults <paramref name="point"/> has thrown.</summary>
    public int Fired(FaultPoint point) => _fired.GetValueOrDefault(point);

    /// <summary>Called by the wrapped parts: throws if <paramref name="point"/> is armed, disarming it.</summary>
    public void ThrowIfArmed(FaultPoint point)
    {
        if (_armed.TryUpdate(point, false, true))
        {
            _fired.AddOrUpdate(point, 1, (_, count) => count + 1);
            throw new InjectedFaultException(point);
        }
    }
}
