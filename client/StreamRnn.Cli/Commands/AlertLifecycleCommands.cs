using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using StreamRnn.Client;
using StreamRnn.Contracts;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// <c>streamrnn alerts list | ack | resolve | suppress | unsuppress | suppressions</c>: the alert lifecycle (see
/// docs/OPERATIONS.md). A refused transition (e.g. resolving a resolved alert) prints why and exits 2.
/// </summary>
internal static class AlertLifecycleCommands
{
    public static IEnumerable<Command> Create() => [List(), Act("ack", "Acknowledge an open alert."), Act("resolve", "Resolve an open, acknowledged or suppressed alert."), Suppress(), Unsuppress(), Suppressions()];

    private static Command List()
    {
        var state = new Option<AlertState?>("--state") { Description = "open, acknowledged, resolved or suppressed." };
        var sensor = new Option<string?>("--sensor") { Description = "Only this sensor's alerts." };
        var kind = new Option<AlertKind?>("--kind") { Description = "Only this kind (Anomaly, Stuck, Dropout, Spike, RateOfChange, OutOfRange)." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 100 };
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("list", "List alerts: unresolved ones and the last resolved ones of each shard.") { state, sensor, kind, limit });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            var query = new AlertQuery(parse.GetValue(state), parse.GetValue(sensor), parse.GetValue(kind), parse.GetValue(limit));
            foreach (var record in await host.Client().ListAlertsAsync(query, cancellationToken))
            {
                Console.WriteLine(Describe(record));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Act(string name, string description)
    {
        var id = new Argument<string>("id") { Description = "The alert id (as listed)." };
        var (by, reason) = Who();
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command(name, description) { id, by, reason });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            try
            {
                var grains = host.Client();
                var record = name == "ack"
                    ? await grains.AcknowledgeAsync(parse.GetValue(id)!, parse.GetValue(by)!, parse.GetValue(reason)!, cancellationToken)
                    : await grains.ResolveAsync(parse.GetValue(id)!, parse.GetValue(by)!, parse.GetValue(reason)!, cancellationToken);
                Console.WriteLine(Describe(record));
                return ExitCodes.Success;
            }
            catch (InvalidOperationException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static Command Suppress()
    {
        var (sensor, kind) = Target();
        var duration = new Option<TimeSpan>("--for")
        {
            Description = "How long: 90s, 30m, 2h, 1d (or hh:mm:ss).",
            Required = true,
            CustomParser = result => ParseDuration(result),
        };
        var (by, reason) = Who();
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("suppress", "Hold back a sensor's alerts, a kind's on one sensor, or a kind's on every sensor, for a while: they are recorded as suppressed, not published.") { sensor, kind, duration, by, reason });
        command.Validators.Add(result =>
        {
            if (result.GetValue(sensor) is null && result.GetValue(kind) is null)
            {
                result.AddError("Give --sensor, --kind or both.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var suppression = new AlertSuppression(parse.GetValue(sensor), parse.GetValue(kind), now + parse.GetValue(duration), new AlertAction(parse.GetValue(by)!, parse.GetValue(reason)!, now));
            await host.Client().SuppressAsync(suppression, cancellationToken);
            Console.WriteLine(Describe(suppression));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Unsuppress()
    {
        var (sensor, kind) = Target();
        var cluster = new CommonOptions();
        var (by, reason) = Who();
        var command = cluster.AddTo(new Command("unsuppress", "Lift the suppression with this target (the same --sensor and --kind it was made with), recording who and why.") { sensor, kind, by, reason });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            var lifted = new AlertAction(parse.GetValue(by)!, parse.GetValue(reason)!, DateTimeOffset.UtcNow);
            if (await host.Client().UnsuppressAsync(parse.GetValue(sensor), parse.GetValue(kind), lifted, cancellationToken) is { } suppression)
            {
                Console.WriteLine($"lifted: {Describe(suppression)}");
                return ExitCodes.Success;
            }

            await Console.Error.WriteLineAsync("No suppression has that target.");
            return ExitCodes.InvalidInput;
        });
        return command;
    }

    private static Command Suppressions()
    {
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("suppressions", "List the suppressions in force."));
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            foreach (var suppression in await host.Client().ListSuppressionsAsync(cancellationToken))
            {
                Console.WriteLine(Describe(suppression));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static (Option<string> By, Option<string> Reason) Who() =>
        (new Option<string>("--by") { Description = "Who does it.", Required = true }, new Option<string>("--reason") { Description = "Why (free text).", Required = true });

    private static (Option<string?> Sensor, Option<AlertKind?> Kind) Target() =>
        (new Option<string?>("--sensor") { Description = "A sensor id." }, new Option<AlertKind?>("--kind") { Description = "An alert kind (with --sensor: on that sensor only; alone: on every sensor)." });

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : string.Empty;
        var unit = text.Length > 1 ? text[^1] : '\0';
        TimeSpan? duration = unit switch
        {
            's' or 'm' or 'h' or 'd' when double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 && n < 100_000 =>
                unit switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) },
            _ when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero => span,
            _ => null,
        };
        if (duration is null)
        {
            result.AddError($"--for '{text}' is not a positive duration (e.g. 90s, 30m, 2h, 1d).");
            return TimeSpan.Zero;
        }

        return duration.Value;
    }

    private static string Describe(AlertRecord r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.AlertId} {r.State.ToString().ToLowerInvariant(),-12} {r.Kind,-12} {r.SensorId} raised={r.Raised.Timestamp:O} at={r.Raised.SourcePartition}/{r.Raised.SourceOffset}{Part("suppressed", r.Suppressed)}{Part("ack", r.Acknowledged)}{Part("resolved", r.Resolved)}");

    private static string Part(string name, AlertAction? action) =>
        action is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" {name}={action.By}@{action.At:O} \"{action.Reason}\"");

    private static string Describe(AlertSuppression s) => string.Create(CultureInfo.InvariantCulture,
        $"suppressed sensor={s.SensorId ?? "*"} kind={s.Kind?.ToString() ?? "*"} until={s.Until:O} by={s.Made.By} \"{s.Made.Reason}\"");
}
