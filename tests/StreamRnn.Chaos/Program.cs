using StreamRnn.Chaos;
using StreamRnn.Kafka;

KafkaNativeLibrary.EnsureLoaded();
return await ChaosCommand.Create(Console.Out).Parse(args).InvokeAsync();
