using Microsoft.Extensions.DependencyInjection;

namespace StreamRnn.Grains;

/// <summary>
/// The admission bound: above <see cref="SensorActivationOptions.MaxActivePerSilo"/> sensors on this silo, a sensor with no
/// dropout to watch leaves memory as soon as its ingest call (apply or checkpoint, whatever its outcome) ends, its state
/// written first (a checkpoint writes it; after an apply, the deactivation does), so a flood of new ids cannot
/// outgrow idle collection; and a new sensor waits in its activation while
/// <see cref="SensorActivationOptions.MaxLeavingPerSilo"/> sensors are still leaving, so deactivations that Orleans has
/// not finished cannot pile up either.
/// </summary>
public sealed partial class SensorGrain : IDisposable
{
    private SensorActivations? _activations;
    private bool _leaving;

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        var activations = ServiceProvider.GetRequiredService<SensorActivations>();
        await activations.WaitForRoomAsync(cancellationToken);
        _activations = activations;
        activations.Activated();
    }

    /// <summary>This sensor starts to leave (once, whichever way it goes).</summary>
    private void StartLeaving()
    {
        if (_activations is { } activations && !_leaving)
        {
            _leaving = true;
            activations.Left();
        }
    }

    private void LeaveIfOverCap()
    {
        if (!_watchingDropout && _activations is { } activations && activations.OverCap)
        {
            DeactivateOnIdle();
            StartLeaving();
        }
    }

    /// <summary>Orleans disposes of the sensor after it has removed it from the silo: it is gone.</summary>
    public void Dispose()
    {
        StartLeaving();
        ForgetDropoutWatch();
        if (_activations is { } activations)
        {
            _activations = null;
            activations.Gone();
        }
    }
}
