using StreamRnn.Chaos;
using StreamRnn.Kafka;

var parse = ChaosCommand.Create(Console.Out).Parse(args);
if (parse.Errors.Count > 0)
{
    // Exit code 1 means the audit found a difference; a command line that does not parse is a setup failure.
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message);
    }

    await Console.Error.WriteLineAsync("chaos: invalid options (--help lists them).");
    return ChaosCommand.SetupFailed;
}

KafkaNativeLibrary.EnsureLoaded();
return await parse.InvokeAsync();
