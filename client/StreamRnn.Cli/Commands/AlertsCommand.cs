using System.CommandLine;
using StreamRnn.Client;
using StreamRnn.Contracts;

namespace StreamRnn.Cli.Commands;

/// <summary><c>streamrnn alerts</c>: prints alerts as the cluster raises them (Orleans alerts stream), one line each with why it fired (<see cref="SensorAlertText"/>).</summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Stop after this many alerts (0: until Ctrl-C).", DefaultValueFactory = _ => 0 };
        var cluster = new CommonOptions();
        var command = cluster.AddTo(new Command("alerts", "Tail alerts live; or work them: list, ack, resolve, suppress, unsuppress, suppressions.") { count });
        foreach (var subcommand in AlertLifecycleCommands.Create())
        {
            command.Subcommands.Add(subcommand);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var limit = parse.GetValue(count);
            using var host = await StreamRnnClusterClient.ConnectAsync(cluster.Connection(parse), cancellationToken);
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var seen = 0;
            var subscription = await AlertSubscription.SubscribeAsync(host.Client(), alert =>
            {
                Console.WriteLine(SensorAlertText.Format(alert));
                if (limit > 0 && Interlocked.Increment(ref seen) >= limit)
                {
                    done.TrySetResult();
                }

                return Task.CompletedTask;
            });
            Console.Error.WriteLine("Waiting for alerts (Ctrl-C to stop)…");
            try
            {
                await done.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            await subscription.UnsubscribeAsync();
            return ExitCodes.Success;
        });
        return command;
    }
}
