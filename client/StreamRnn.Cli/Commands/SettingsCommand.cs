using System.Collections.Immutable;
using System.CommandLine;
using StreamRnn.Client;
using StreamRnn.Contracts;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// <c>streamrnn settings show|set|reset (--sensor &lt;id&gt; | --group &lt;name&gt;) [Key=Value …]</c>: a sensor's or a model
/// group's <c>Sensors:*</c> settings, changed at run time.
/// </summary>
internal static class SettingsCommand
{
    public static Command Create()
    {
        var command = new Command("settings", "Show or change a sensor's or a model group's alert settings at run time (Sensors:* keys).");
        command.Subcommands.Add(Create("show", "Show the overrides (and for a sensor, every setting in force).", Mode.Show));
        command.Subcommands.Add(Create("set", "Add or replace overrides: Key=Value … (e.g. MaxValue=120 AnomalyThreshold=0.6).", Mode.Set));
        command.Subcommands.Add(Create("reset", "Remove every override of the sensor or group.", Mode.Reset));
        return command;
    }

    private enum Mode
    {
        Show,
        Set,
        Reset,
    }

    private static Command Create(string name, string description, Mode mode)
    {
        var sensor = new Option<string?>("--sensor") { Description = "A sensor id." };
        var group = new Option<string?>("--group") { Description = "A model group (Training:Group; the default group is 'default')." };
        var values = new Argument<string[]>("values") { Description = "Key=Value pairs (set only).", Arity = mode == Mode.Set ? ArgumentArity.OneOrMore : ArgumentArity.Zero };
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command(name, description) { sensor, group });
        if (mode == Mode.Set)
        {
            command.Arguments.Add(values);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var sensorId = parse.GetValue(sensor);
            var groupName = parse.GetValue(group);
            if (sensorId is null == groupName is null)
            {
                await Console.Error.WriteLineAsync("Give exactly one of --sensor <id> or --group <name>.");
                return ExitCodes.InvalidInput;
            }

            var changes = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var pair in mode == Mode.Set ? parse.GetValue(values) ?? [] : [])
            {
                var split = pair.IndexOf('=', StringComparison.Ordinal);
                if (split <= 0)
                {
                    await Console.Error.WriteLineAsync($"'{pair}' is not Key=Value.");
                    return ExitCodes.InvalidInput;
                }

                var key = pair[..split];
                changes[key.StartsWith("Sensors:", StringComparison.OrdinalIgnoreCase) ? key["Sensors:".Length..] : key] = pair[(split + 1)..];
            }

            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            try
            {
                if (sensorId is not null)
                {
                    var grain = host.Client().GetGrain<ISensorGrain>(sensorId);
                    var view = mode switch
                    {
                        Mode.Set => await grain.SetSettingsAsync(changes.ToImmutable(), cancellationToken),
                        Mode.Reset => await grain.ResetSettingsAsync(cancellationToken),
                        _ => await grain.GetSettingsAsync(cancellationToken),
                    };
                    Print("sensor", view.Sensor);
                    Print("group", view.Group);
                    foreach (var (key, value) in view.Effective)
                    {
                        Console.WriteLine($"in force {key}={value}");
                    }
                }
                else
                {
                    var grain = host.Client().GetGrain<ISensorGroupSettingsGrain>(groupName!);
                    var overrides = mode switch
                    {
                        Mode.Set => await grain.SetAsync(changes.ToImmutable(), cancellationToken),
                        Mode.Reset => await grain.ResetAsync(cancellationToken),
                        _ => await grain.GetAsync(cancellationToken),
                    };
                    Print("group", overrides);
                }
            }
            catch (ArgumentException exception)
            {
                await Console.Error.WriteLineAsync($"Invalid setting: {exception.Message}");
                return ExitCodes.InvalidInput;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(string scope, SensorSettingsOverrides overrides)
    {
        Console.WriteLine($"{scope} overrides (version {overrides.Version}): {(overrides.Values.IsEmpty ? "none" : string.Join(" ", overrides.Values.Select(pair => $"{pair.Key}={pair.Value}")))}");
    }
}
