using System.CommandLine;
using StreamRnn.Cli;
using StreamRnn.Cli.Commands;
using StreamRnn.Models;

// Before anything loads libtorch: its OpenMP workers sleep between parallel regions instead of spinning.
OpenMpWaitPolicy.ApplyDefault();

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
    KafkaCommand.Create(),
    BenchCommand.Create(),
};
// Ctrl-C cancels the running command's token; give it time to finish cleanly (train keeps the best
// epoch and still writes its checkpoint and report) before the process is ended.
var shutdownGrace = TimeSpan.FromSeconds(60);
var parse = root.Parse(args);
var exitCode = await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = shutdownGrace });
// Arguments that do not parse or validate are invalid input (exit 2, as ExitCodes says), not a failure (1).
return parse.Errors.Count > 0 && exitCode != ExitCodes.Success ? ExitCodes.InvalidInput : exitCode;
