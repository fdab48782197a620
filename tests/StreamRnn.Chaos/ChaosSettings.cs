namespace StreamRnn.Chaos;

/// <summary>What one chaos test runs: the input, the faults, the cluster and where its logs go.</summary>
internal sealed record ChaosSettings
{
    public const int DefaultSensors = 1_000;
    public const long DefaultReadings = 200_000;
    public const double DefaultRate = 2_000;
    public const int DefaultKills = 5;
    public const int DefaultSilos = 3;
    public const int DefaultSeed = 12;
    public static readonly TimeSpan DefaultKillInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultCheckpointInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Sensors (Kafka keys) the input spreads over.</summary>
    public int Sensors { get; init; } = DefaultSensors;

    /// <summary>Readings produced in all.</summary>
    public long Readings { get; init; } = DefaultReadings;

    /// <summary>Readings per second while producing (steady).</summary>
    public double Rate { get; init; } = DefaultRate;

    /// <summary>The fewest silo kills (SIGKILL) in the chaos run; kills go on while readings are being produced.</summary>
    public int Kills { get; init; } = DefaultKills;

    /// <summary>Time from one silo's restart being ready to the next kill.</summary>
    public TimeSpan KillInterval { get; init; } = DefaultKillInterval;

    /// <summary>Silo processes of the chaos cluster.</summary>
    public int Silos { get; init; } = DefaultSilos;

    /// <summary>Before the kills, add a silo under load, then stop one gracefully (SIGTERM, not restarted).</summary>
    public bool Membership { get; init; } = true;

    /// <summary>The silos' <c>Ingest:CheckpointInterval</c>.</summary>
    public TimeSpan CheckpointInterval { get; init; } = DefaultCheckpointInterval;

    /// <summary>Seeds the synthetic series and the choice of silo to kill.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Folder for the processes' logs (kept for post-mortem).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The whole test must end within this; it fails when it does not.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Why these settings cannot run, or null.</summary>
    public string? Validate()
    {
        if (Sensors < 1)
        {
            return "--sensors must be at least 1.";
        }

        if (Readings < Sensors)
        {
            return "--readings must be at least --sensors (every sensor gets readings).";
        }

        if (!double.IsFinite(Rate) || Rate <= 0)
        {
            return "--rate must be a positive number of readings per second.";
        }

        if (Kills < 0)
        {
            return "--kills must be 0 or more.";
        }

        if (KillInterval <= TimeSpan.Zero)
        {
            return "--kill-interval must be positive.";
        }

        if (Silos < 1)
        {
            return "--silos must be at least 1.";
        }

        if (CheckpointInterval <= TimeSpan.Zero)
        {
            return "--checkpoint-interval must be positive.";
        }

        return Timeout <= TimeSpan.Zero ? "--timeout must be positive." : null;
    }
}
