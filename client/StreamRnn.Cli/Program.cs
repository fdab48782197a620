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
};
return await root.Parse(args).InvokeAsync();
