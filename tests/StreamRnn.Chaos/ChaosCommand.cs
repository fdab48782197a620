using System.CommandLine;
using System.CommandLine.Parsing;

namespace StreamRnn.Chaos;

/// <summary>The command line of the chaos tool (System.CommandLine); its action runs <see cref="ChaosRunner"/>.</summary>
internal static class ChaosCommand
{
    public const int Passed = 0;
    public const int AuditFailed = 1;
    public const int SetupFailed = 2;

    public static RootCommand Create(TextWriter output)
    {
        var sensors = new Option<int>("--sensors") { Description = "Sensors (Kafka keys).", DefaultValueFactory = _ => ChaosSettings.DefaultSensors };
        var readings = new Option<long>("--readings") { Description = "Readings produced in all.", DefaultValueFactory = _ => ChaosSettings.DefaultReadings };
        var rate = new Option<double>("--rate") { Description = "Readings per second while producing (steady).", DefaultValueFactory = _ => ChaosSettings.DefaultRate };
        var kills = new Option<int>("--kills") { Description = "The fewest SIGKILLs of a random silo; kills go on while readings are produced.", DefaultValueFactory = _ => ChaosSettings.DefaultKills };
        var killInterval = Duration("--kill-interval", "Time between kills (after the previous victim is back): 10s, 500ms, 00:00:10.", ChaosSettings.DefaultKillInterval);
        var silos = new Option<int>("--silos") { Description = "Silo processes of the chaos cluster.", DefaultValueFactory = _ => ChaosSettings.DefaultSilos };
        var membership = new Option<bool>("--membership")
        {
            Description = "Before the kills, add a silo while ingesting, then stop one gracefully (SIGTERM); --membership false skips both.",
            DefaultValueFactory = _ => true,
        };
        var checkpointInterval = Duration("--checkpoint-interval", "The silos' Ingest:CheckpointInterval.", ChaosSettings.DefaultCheckpointInterval);
        var seed = new Option<int>("--seed") { Description = "Seeds the input and the choice of silo to kill.", DefaultValueFactory = _ => ChaosSettings.DefaultSeed };
        var outDirectory = new Option<string?>("--out") { Description = "Folder for the processes' logs (default: a new folder under the temporary directory)." };
        var timeout = Duration("--timeout", "The whole test fails when it takes longer.", ChaosSettings.DefaultTimeout);

        var root = new RootCommand(
            "StreamRnn chaos test: Redis, the development Kafka and silo processes; SIGKILLs silos while readings are produced, " +
            "then audits the sensors' durable state and the alerts against a fault-free run of the same input.")
        {
            sensors, readings, rate, kills, killInterval, silos, membership, checkpointInterval, seed, outDirectory, timeout,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new ChaosSettings
            {
                Sensors = parse.GetValue(sensors),
                Readings = parse.GetValue(readings),
                Rate = parse.GetValue(rate),
                Kills = parse.GetValue(kills),
                KillInterval = parse.GetValue(killInterval),
                Silos = parse.GetValue(silos),
                Membership = parse.GetValue(membership),
                CheckpointInterval = parse.GetValue(checkpointInterval),
                Seed = parse.GetValue(seed),
                OutputDirectory = parse.GetValue(outDirectory) ?? Path.Combine(Path.GetTempPath(), $"streamrnn-chaos-{DateTime.UtcNow:yyyyMMdd-HHmmss}"),
                Timeout = parse.GetValue(timeout),
            };
            return await RunAsync(settings, output, cancellationToken).ConfigureAwait(false);
        });
        return root;
    }

    private static async Task<int> RunAsync(ChaosSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var log = new ConsoleLog(output);
        if (settings.Validate() is { } problem)
        {
            log.Plain($"chaos: invalid options: {problem}");
            return SetupFailed;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        try
        {
            var result = await new ChaosRunner(settings, log, TimeProvider.System).RunAsync(deadline.Token).ConfigureAwait(false);
            foreach (var line in result.Details)
            {
                log.Plain(line);
            }

            log.Plain(FormattableString.Invariant($"duration: {log.Elapsed.TotalSeconds:F0} s; logs in {Path.GetFullPath(settings.OutputDirectory)}"));
            log.Plain(result.SummaryLine());
            return result.Passed ? Passed : AuditFailed;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            log.Plain(FormattableString.Invariant($"chaos: setup failed: the test did not finish within --timeout {settings.Timeout} (logs in {Path.GetFullPath(settings.OutputDirectory)})"));
            return SetupFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Plain("chaos: setup failed: cancelled");
            return SetupFailed;
        }
        catch (Exception exception)
        {
            // Anything else that stops the test (a process, Kafka, Redis, the Orleans client) is a failure to run it,
            // not a verdict: exit 2 with one line, never 1, which only the audit gives.
            var details = Path.Combine(Path.GetFullPath(settings.OutputDirectory), "chaos-error.txt");
            if (Directory.Exists(Path.GetDirectoryName(details)))
            {
                await File.WriteAllTextAsync(details, exception.ToString(), CancellationToken.None).ConfigureAwait(false);
            }

            log.Plain($"chaos: setup failed: {exception.GetType().Name}: {exception.Message} (logs and chaos-error.txt in {Path.GetDirectoryName(details)})");
            return SetupFailed;
        }
    }

    private static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (DurationParser.Parse(text) is { } value)
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a duration (10s, 500ms, 2m, 00:00:10).");
            return default;
        },
    };
}
