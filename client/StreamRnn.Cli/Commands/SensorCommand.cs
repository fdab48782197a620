using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamRnn.Client;
using StreamRnn.Contracts;

namespace StreamRnn.Cli.Commands;

/// <summary><c>streamrnn sensor &lt;id&gt;</c>: a sensor's last value, forecast, score and model version.</summary>
internal static class SensorCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "Sensor id (the Kafka key of its readings)." };
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("sensor", "Show a sensor's state.") { id });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            var snapshot = await host.Client().GetGrain<ISensorGrain>(parse.GetValue(id)!).GetSnapshotAsync(cancellationToken);
            var table = new Table().AddColumn("field").AddColumn("value");
            table.AddRow("sensor", Markup.Escape(snapshot.SensorId));
            table.AddRow("readings applied", snapshot.ReadingsApplied.ToString(CultureInfo.InvariantCulture));
            table.AddRow("last time", snapshot.LastTimestamp?.ToString("O", CultureInfo.InvariantCulture) ?? "-");
            table.AddRow("last value", snapshot.LastValue?.ToString("G6", CultureInfo.InvariantCulture) ?? "-");
            table.AddRow("forecast", snapshot.Forecast.IsDefaultOrEmpty ? "-" : string.Join(", ", snapshot.Forecast.Select(v => v.ToString("G6", CultureInfo.InvariantCulture))));
            table.AddRow("score", snapshot.Score.ToString("F5", CultureInfo.InvariantCulture));
            table.AddRow("model version", snapshot.ModelVersion.ToString(CultureInfo.InvariantCulture));
            table.AddRow("alerts raised", snapshot.AlertsRaised.ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return snapshot.ReadingsApplied > 0 ? 0 : 3;
        });
        return command;
    }
}
