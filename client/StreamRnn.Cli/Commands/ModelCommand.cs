using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Inference.Checkpoints;

namespace StreamRnn.Cli.Commands;

/// <summary><c>streamrnn model register &lt;file&gt; | list</c>: the running cluster's model versions.</summary>
internal static class ModelCommand
{
    private const string DefaultGroup = "default";

    public static Command Create()
    {
        var command = new Command("model", "Model versions of a running cluster.");
        command.Subcommands.Add(Register());
        command.Subcommands.Add(List());
        return command;
    }

    private static Option<string> Group() => new("--group") { Description = "Model group.", DefaultValueFactory = _ => DefaultGroup };

    private static Command Register()
    {
        var file = new Argument<FileInfo>("file") { Description = "A checkpoint written by streamrnn train." };
        var group = Group();
        var gatewayPort = CommonOptions.GatewayPort();
        var command = new Command("register", "Add a trained checkpoint to the cluster as a new (candidate) model version.") { file, group, gatewayPort };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path.FullName, cancellationToken);
                CheckpointFile.Deserialize(bytes, path.Name);
            }
            catch (Exception exception) when (exception is IOException or CheckpointException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return 2;
            }

            using var host = await StreamRnnClusterClient.ConnectAsync(parse.GetValue(gatewayPort), cancellationToken);
            try
            {
                var info = await host.Client().GetGrain<IModelRegistryGrain>(parse.GetValue(group)!).RegisterAsync(bytes, path.FullName, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"registered version {info.Version} ({info.Status}, {info.Architecture}, SHA-256 {info.Sha256})"));
                return 0;
            }
            catch (ModelRegistrationException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return 2;
            }
        });
        return command;
    }

    private static Command List()
    {
        var group = Group();
        var gatewayPort = CommonOptions.GatewayPort();
        var command = new Command("list", "List the model versions.") { group, gatewayPort };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(parse.GetValue(gatewayPort), cancellationToken);
            var versions = await host.Client().GetGrain<IModelRegistryGrain>(parse.GetValue(group)!).ListAsync(cancellationToken);
            var table = new Table().AddColumns("version", "status", "architecture", "created", "parent", "source", "SHA-256");
            foreach (var v in versions)
            {
                table.AddRow(
                    v.Version.ToString(CultureInfo.InvariantCulture),
                    v.Status.ToString(),
                    Markup.Escape(v.Architecture),
                    v.Created.ToString("u", CultureInfo.InvariantCulture),
                    v.ParentVersion?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    Markup.Escape(v.Source),
                    v.Sha256.Length > 12 ? v.Sha256[..12] : "-");
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
