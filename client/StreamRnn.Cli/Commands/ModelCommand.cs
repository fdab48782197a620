using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// <c>streamrnn model register &lt;file&gt; | list | show &lt;v&gt; | promote &lt;v&gt; | rollback | train-now | status</c>:
/// the running cluster's model versions and fine-tuning.
/// </summary>
internal static class ModelCommand
{
    /// <summary>Hex digits of a checkpoint's SHA-256 shown in the version list: enough to tell versions apart.</summary>
    private const int ShortHashLength = 12;

    private const string DefaultGroup = "default";

    public static Command Create()
    {
        var command = new Command("model", "Model versions of a running cluster.");
        command.Subcommands.Add(Register());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Promote());
        command.Subcommands.Add(Rollback());
        command.Subcommands.Add(TrainNow());
        command.Subcommands.Add(Status());
        return command;
    }

    private static string Figure(double value) => double.IsNaN(value) ? "-" : value.ToString("G5", CultureInfo.InvariantCulture);

    private static string Describe(FineTuningRound round) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"round {round.Round} ({round.Trigger}): {round.Outcome.ToString().ToLowerInvariant()}, parent v{round.ParentVersion}, candidate {(round.CandidateVersion is { } v ? "v" + v.ToString(CultureInfo.InvariantCulture) : "-")}, held-out loss {Figure(round.BaselineLoss)} -> {Figure(round.CandidateLoss)}, {round.TrainWindows} training / {round.ValidationWindows} held-out windows from {round.Sensors} sensor(s), trained in {round.TrainingDuration.TotalSeconds:F2} s{(round.Device.Length > 0 ? " on " + round.Device : string.Empty)}: {round.Reason}");

    private static Command Show()
    {
        var version = new Argument<int>("version") { Description = "The version number." };
        var group = Group();
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("show", "Show one model version: status and why, parent, checksum, metrics and metadata.") { version, group });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            try
            {
                var v = await host.Client().GetGrain<IModelRegistryGrain>(parse.GetValue(group)!).GetAsync(parse.GetValue(version), cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"version: {v.Version}"));
                Console.WriteLine($"status: {v.Status.ToString().ToLowerInvariant()}{(v.StatusReason is null ? string.Empty : " (" + v.StatusReason + ")")}");
                Console.WriteLine($"architecture: {v.Architecture}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"created: {v.Created:u}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parent: {(v.ParentVersion is { } p ? p.ToString(CultureInfo.InvariantCulture) : "-")}"));
                Console.WriteLine($"source: {v.Source}");
                Console.WriteLine($"sha256: {(v.Sha256.Length == 0 ? "- (seeded: rebuilt from the Model settings)" : v.Sha256)}");
                foreach (var (key, value) in v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metric {key}: {value:G6}"));
                }

                foreach (var (key, value) in v.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    Console.WriteLine($"metadata {key}: {value}");
                }

                return ExitCodes.Success;
            }
            catch (ModelVersionException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static Command Promote()
    {
        var version = new Argument<int>("version") { Description = "The version to serve." };
        var force = new Option<bool>("--force") { Description = "Skip the held-out error comparison (weights are still checked)." };
        var group = Group();
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("promote", "Serve a version on every silo, through the validation gate.") { version, force, group });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            try
            {
                var round = await host.Client().GetGrain<IFineTuningCoordinatorGrain>(parse.GetValue(group)!).PromoteAsync(parse.GetValue(version), parse.GetValue(force), cancellationToken);
                Console.WriteLine(Describe(round));
                return round.Outcome == FineTuningOutcome.Promoted ? 0 : 1;
            }
            catch (ModelVersionException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static Command Rollback()
    {
        var reason = new Option<string>("--reason") { Description = "Why (recorded on both versions).", DefaultValueFactory = _ => "operator rollback" };
        var group = Group();
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("rollback", "Serve the previously active version again; the current one is marked rejected.") { reason, group });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            try
            {
                var restored = await host.Client().GetGrain<IFineTuningCoordinatorGrain>(parse.GetValue(group)!).RollbackAsync(parse.GetValue(reason)!, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"active version {restored.Version} ({restored.StatusReason})"));
                return ExitCodes.Success;
            }
            catch (ModelVersionException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static Command TrainNow()
    {
        var group = Group();
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("train-now", "Run one fine-tuning round now: train, validate, promote or reject.") { group });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            var round = await host.Client().GetGrain<IFineTuningCoordinatorGrain>(parse.GetValue(group)!).TrainNowAsync(cancellationToken);
            Console.WriteLine(Describe(round));
            return round.Outcome is FineTuningOutcome.Promoted or FineTuningOutcome.Rejected or FineTuningOutcome.Skipped ? 0 : 1;
        });
        return command;
    }

    private static Command Status()
    {
        var group = Group();
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("status", "Fine-tuning status: schedule, training buffer, recent rounds.") { group });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            var status = await host.Client().GetGrain<IFineTuningCoordinatorGrain>(parse.GetValue(group)!).GetStatusAsync(cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"group {status.Group}: active v{status.ActiveVersion}, interval {(status.Interval == TimeSpan.Zero ? "on demand only" : status.Interval.ToString())}, buffer {status.BufferedWindows} window(s) from {status.Sensors} sensor(s), {status.WindowsReceived} received{(status.RoundInProgress ? ", a round is running" : string.Empty)}"));
            foreach (var round in status.RecentRounds)
            {
                Console.WriteLine(Describe(round));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string> Group() => new("--group") { Description = "Model group.", DefaultValueFactory = _ => DefaultGroup };

    private static Command Register()
    {
        var file = new Argument<FileInfo>("file") { Description = "A checkpoint written by streamrnn train." };
        var group = Group();
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("register", "Add a trained checkpoint to the cluster as a new (candidate) model version.") { file, group });
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
                return ExitCodes.InvalidInput;
            }

            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            try
            {
                var info = await host.Client().GetGrain<IModelRegistryGrain>(parse.GetValue(group)!).RegisterAsync(bytes, path.FullName, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"registered version {info.Version} ({info.Status}, {info.Architecture}, SHA-256 {info.Sha256})"));
                if (info.Status == ModelVersionStatus.Rejected)
                {
                    // Recorded (so it is not registered again), never served: a non-finite weight, say.
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"version {info.Version} is rejected and never served: {info.StatusReason}"));
                    return ExitCodes.InvalidInput;
                }

                return ExitCodes.Success;
            }
            catch (ModelRegistrationException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static Command List()
    {
        var group = Group();
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("list", "List the model versions.") { group });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            var versions = await host.Client().GetGrain<IModelRegistryGrain>(parse.GetValue(group)!).ListAsync(cancellationToken);
            if (Console.IsOutputRedirected)
            {
                // One plain line per version for scripts and logs (a table would be wrapped to 80 columns).
                foreach (var v in versions)
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"v{v.Version} {v.Status.ToString().ToLowerInvariant()} parent={(v.ParentVersion is { } p ? "v" + p.ToString(CultureInfo.InvariantCulture) : "-")} created={v.Created:u} sha256={(v.Sha256.Length == 0 ? "-" : v.Sha256)} architecture=\"{v.Architecture}\" source=\"{v.Source}\" why=\"{v.StatusReason ?? "-"}\""));
                }

                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("version", "status", "why", "architecture", "created", "parent", "source", "SHA-256");
            foreach (var v in versions)
            {
                table.AddRow(
                    v.Version.ToString(CultureInfo.InvariantCulture),
                    v.Status.ToString(),
                    Markup.Escape(v.StatusReason ?? "-"),
                    Markup.Escape(v.Architecture),
                    v.Created.ToString("u", CultureInfo.InvariantCulture),
                    v.ParentVersion?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    Markup.Escape(v.Source),
                    v.Sha256.Length > ShortHashLength ? v.Sha256[..ShortHashLength] : "-");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
