using System.CommandLine;
using Confluent.Kafka;
using Spectre.Console;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Kafka;

namespace StreamRnn.Cli.Commands;

/// <summary><c>streamrnn replay &lt;csv&gt;…</c>: each file becomes one sensor's readings on the readings topic.</summary>
internal static class ReplayCommand
{
    /// <summary>The producer batches for this long (milliseconds): a short wait keeps a live replay close to real time.</summary>
    private const int ProducerLingerMs = 5;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("csv") { Description = "timestamp,value CSV files (NAB layout accepted); one sensor per file.", Arity = ArgumentArity.OneOrMore };
        var sensor = new Option<string?>("--sensor") { Description = "Sensor id for a single file (default: the file name without extension)." };
        var rate = new Option<double>("--rate") { Description = "Readings per second over all files; 0 replays as fast as possible.", DefaultValueFactory = _ => 0 };
        var bootstrap = new Option<string?>("--bootstrap-servers") { Description = "Kafka bootstrap servers (default: asked from the cluster, which works with the embedded Kafka)." };
        var topic = new Option<string>("--topic") { Description = "Readings topic when --bootstrap-servers is given.", DefaultValueFactory = _ => "sensor-readings" };
        var cluster = new CommonOptions();
        var kafkaSecurity = new KafkaSecurityOptions();
        var command = kafkaSecurity.AddTo(cluster.AddTo(new Command("replay", "Replay CSV series into Kafka, with a progress bar.") { files, sensor, rate, bootstrap, topic }));
        command.SetAction(async (parse, cancellationToken) =>
        {
            var paths = parse.GetValue(files) ?? [];
            var sensorId = parse.GetValue(sensor);
            if (sensorId is not null && paths.Length != 1)
            {
                await Console.Error.WriteLineAsync("--sensor names the sensor of a single file; give one file or leave it out.");
                return ExitCodes.InvalidInput;
            }

            foreach (var path in paths.Where(p => !p.Exists))
            {
                await Console.Error.WriteLineAsync($"No such file: {path.FullName}");
                return ExitCodes.InvalidInput;
            }

            var readingsPerSecond = parse.GetValue(rate);
            if (readingsPerSecond < 0 || double.IsNaN(readingsPerSecond))
            {
                await Console.Error.WriteLineAsync("--rate must be 0 (as fast as possible) or a positive number of readings per second.");
                return ExitCodes.InvalidInput;
            }

            var (servers, readingsTopic) = await ResolveKafkaAsync(parse.GetValue(bootstrap), parse.GetValue(topic)!, cluster.Connection(parse), cancellationToken);
            KafkaNativeLibrary.EnsureLoaded();
            using var producer = new ReplayProducer(ProducerConfig(servers, kafkaSecurity, parse), readingsTopic);
            long total = 0;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var perFile = paths.Length == 0 ? 0 : readingsPerSecond / paths.Length;
                    var tasks = paths.Select(async file =>
                    {
                        var lines = File.ReadLines(file.FullName).Count(line => !string.IsNullOrWhiteSpace(line));
                        var bar = context.AddTask(file.Name, maxValue: Math.Max(lines - 1, 1));
                        var id = sensorId ?? Path.GetFileNameWithoutExtension(file.Name);
                        var sent = await producer.ReplayAsync(file.FullName, id, perFile, new Progress<long>(n => bar.Value = n), cancellationToken);
                        bar.Value = bar.MaxValue;
                        Interlocked.Add(ref total, sent);
                    });
                    await Task.WhenAll(tasks);
                });
            producer.Flush(cancellationToken);
            Console.WriteLine($"replayed={total} failed={producer.Failed} topic={readingsTopic} servers={servers}");
            return producer.Failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>The replay producer's configuration: idempotent, every replica acknowledging, and the command's Kafka security.</summary>
    internal static ProducerConfig ProducerConfig(string servers, KafkaSecurityOptions security, ParseResult parse) =>
        security.Apply(new ProducerConfig { BootstrapServers = servers, EnableIdempotence = true, Acks = Acks.All, LingerMs = ProducerLingerMs }, parse);

    private static async Task<(string Servers, string Topic)> ResolveKafkaAsync(string? servers, string topic, StreamRnnClusterConnection connection, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(servers))
        {
            return (servers, topic);
        }

        using var host = await StreamRnnClusterClient.ConnectAsync(connection, cancellationToken);
        var endpoint = await host.Client().GetGrain<IClusterInfoGrain>(0).GetKafkaEndpointAsync(cancellationToken);
        return (endpoint.BootstrapServers, endpoint.ReadingsTopic);
    }
}
