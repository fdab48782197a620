using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;
using StreamRnn.Grains.Training;

namespace StreamRnn.Hosting;

/// <summary>Registration of the silo's reminder storage.</summary>
public static class ReminderHostingExtensions
{
    /// <summary>
    /// Orleans reminders as configured in the <c>Reminders</c> section (<see cref="ReminderStorageOptions"/>,
    /// validated at start): kept in Redis when <c>Reminders:Redis:ConnectionString</c> is set, the
    /// production mode, where they survive the loss of any silo, or in the cluster's Redis when only
    /// <c>Cluster:Redis:ConnectionString</c> is set; otherwise in memory, the embedded
    /// default, which is not durable (the table is lost when the silo holding it stops).
    /// <c>Reminders:MinimumPeriod</c> sets Orleans' <see cref="ReminderOptions.MinimumReminderPeriod"/>, lowered to
    /// <c>Training:Interval</c> when that is shorter.
    /// </summary>
    public static ISiloBuilder AddStreamRnnReminders(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<ReminderStorageOptions>().BindConfiguration(ReminderStorageOptions.SectionName).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderStorageOptions>, ReminderStorageOptionsValidator>());
        // A fine-tuning interval shorter than the minimum period (say --Training:Interval=00:00:30) lowers it.
        silo.Services.AddOptions<ReminderOptions>()
            .Configure<IOptions<ReminderStorageOptions>, IOptions<FineTuningOptions>>((reminders, storage, training) =>
                reminders.MinimumReminderPeriod = training.Value.Interval > TimeSpan.Zero && training.Value.Interval < storage.Value.MinimumPeriod
                    ? training.Value.Interval
                    : storage.Value.MinimumPeriod);

        // The store is chosen while the silo is built; its settings are read from the validated
        // options, so a bad connection string fails with the validation message that names it
        // whichever service asks for the reminder table first. Production mode (Cluster:Redis) keeps
        // reminders in the cluster's Redis unless Reminders:Redis names another one.
        var ownRedis = !string.IsNullOrWhiteSpace(silo.Configuration[ReminderStorageOptions.RedisConnectionStringKey]);
        if (!ownRedis && string.IsNullOrWhiteSpace(silo.Configuration[StreamRnnClusterOptions.RedisConnectionStringKey]))
        {
            silo.UseInMemoryReminderService();
        }
        else if (ownRedis)
        {
            silo.UseRedisReminderService(_ => { });
            silo.Services.AddOptions<RedisReminderTableOptions>()
                .Configure<IOptions<ReminderStorageOptions>>((redis, storage) => redis.ConfigurationOptions = ConfigurationOptions.Parse(storage.Value.Redis.ConnectionString!));
        }
        else
        {
            silo.Services.AddStreamRnnClusterOptions();
            silo.UseRedisReminderService(_ => { });
            silo.Services.AddOptions<RedisReminderTableOptions>()
                .Configure<IOptions<StreamRnnClusterOptions>>((redis, cluster) => redis.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Value.Redis.ConnectionString!));
        }

        return silo;
    }
}
