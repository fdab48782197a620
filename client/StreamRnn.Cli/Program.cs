using System.CommandLine;
using StreamRnn.Cli.Commands;

var root = new RootCommand("streamrnn: replay series into StreamRnn, tail its alerts, inspect its sensors.")
{
    ReplayCommand.Create(),
    AlertsCommand.Create(),
    SensorCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
