using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>A sensor as <see cref="DropoutWakeUps"/> sees it: something to wake when its silence may have become a dropout.</summary>
public interface IDropoutWatchedSensor : IGrainWithStringKey
{
    /// <summary>
    /// Judges the sensor's silence (raising a dropout if it is one) and asks to be woken again while one can still come.
    /// Called by this silo's <see cref="DropoutWakeUps"/>; ingest-only, like the readings it stands in for.
    /// </summary>
    [IngestOnly]
    Task WakeAsync(CancellationToken cancellationToken = default);
}
