using System.CommandLine;
using StreamRnn.Cli.Commands;

var root = new RootCommand("streamrnn: replay series into StreamRnn, tail its alerts, inspect its sensors, train models.")
{
    ReplayCommand.Create(),
    AlertsCommand.Create(),
    SensorCommand.Create(),
    TrainCommand.Create(),
    ModelCommand.Create(),
    ScoreCommand.Create(),
    EvalCommand.Create(),
    SettingsCommand.Create(),
};
// Ctrl-C cancels the running command's token; give it time to finish cleanly (train keeps the best
// epoch and still writes its checkpoint and report) before the process is ended.
var shutdownGrace = TimeSpan.FromSeconds(60);
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = shutdownGrace });
