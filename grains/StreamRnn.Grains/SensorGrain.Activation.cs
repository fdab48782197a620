using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StreamRnn.Grains;

/// <summary>
/// The admission bound: above <see cref="SensorActivationOptions.MaxActivePerSilo"/> sensors on this silo, a sensor with no
/// dropout to watch leaves memory as soon as its call ends (its state written first), so a flood of new ids cannot
/// outgrow idle collection.
/// </summary>
public sealed partial class SensorGrain
{
    private SensorActivations? _activations;
    private long _maxActive = long.MaxValue;

    private void CountActivation()
    {
        _maxActive = ServiceProvider.GetRequiredService<IOptions<SensorActivationOptions>>().Value.MaxActivePerSilo;
        _activations = ServiceProvider.GetRequiredService<SensorActivations>();
        _activations.Activated();
    }

    private void CountDeactivation()
    {
        _activations?.Deactivated();
        _activations = null;
    }

    private void LeaveIfOverCap()
    {
        if (_dropoutTimer is null && _activations is { } activations && activations.Count > _maxActive)
        {
            DeactivateOnIdle();
        }
    }
}
