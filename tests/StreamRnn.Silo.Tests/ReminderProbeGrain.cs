using Orleans.Placement;
using Orleans.Runtime;

namespace StreamRnn.Silo.Tests;

/// <summary>
/// Records every reminder tick, with the silo it ran on, in <see cref="ReminderTicks"/> (static: the
/// cluster is in-process, and the record outlives the silo). Placed locally, and deactivated once the
/// reminder is registered, so ticks activate it on the silo whose reminder service delivers them,
/// the silo that holds the reminder.
/// </summary>
[PreferLocalPlacement]
public sealed class ReminderProbeGrain(ILocalSiloDetails silo) : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    public async Task StartAsync(TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default)
    {
        await this.RegisterOrUpdateReminder(ReminderName, dueTime, period, cancellationToken);
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTicks.Record(this.GetPrimaryKeyString(), silo.SiloAddress);
        return Task.CompletedTask;
    }
}
