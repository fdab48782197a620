namespace StreamRnn.Silo.Tests;

/// <summary>A test grain with one reminder; its ticks are recorded in <see cref="ReminderTicks"/>.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    /// <summary>Registers (or updates) the reminder, then deactivates.</summary>
    Task StartAsync(TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default);
}
