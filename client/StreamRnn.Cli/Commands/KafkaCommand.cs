using System.CommandLine;
using System.CommandLine.Parsing;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using StreamRnn.Cli.Relay;
using StreamRnn.Kafka;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// <c>streamrnn kafka serve</c>: a development Kafka in its own process (librdkafka's mock cluster behind
/// relays on fixed ports), so several silos and the CLI share one log that outlives any of them.
/// </summary>
/// <remarks>
/// <para>
/// librdkafka binds each mock broker to an ephemeral port of 127.0.0.1 and cannot be told which. Broker
/// <c>i</c> (1-based) is therefore fronted by a <see cref="TcpRelay"/> on <c>--host</c>:<c>--port + i - 1</c>
/// and made to advertise that address in metadata (<see cref="EmbeddedKafkaCluster.AdvertiseBroker"/>), so
/// every address a client learns, from the bootstrap on, is a fixed one. The ephemeral ports stay open
/// on 127.0.0.1 but nothing advertises them.
/// </para>
/// <para>In-memory and development-only, like the silo's embedded Kafka: every message and committed offset is gone when it stops.</para>
/// </remarks>
internal static class KafkaCommand
{
    /// <summary>The first fixed port when <c>--port</c> is not given (39092: Kafka's 9092, out of the way of a real one).</summary>
    public const int DefaultPort = 39092;

    /// <summary>
    /// How long a new consumer group waits for more members before its first rebalance. Kafka's default is
    /// 3 s; 0 lets the first silo start consuming at once (the silo's embedded Kafka uses 0 too), and later
    /// silos join with an ordinary rebalance.
    /// </summary>
    public static readonly TimeSpan GroupInitialRebalanceDelay = TimeSpan.Zero;

    private const int DefaultBrokers = 1;
    private const int DefaultPartitions = 8;
    private const int MaxPartitions = 10_000;
    private const string DefaultHost = "127.0.0.1";

    public static Command Create()
    {
        var command = new Command("kafka", "A development Kafka for several silos and the CLI (in-memory: not for data that matters).");
        command.Subcommands.Add(CreateServe());
        return command;
    }

    private static Command CreateServe()
    {
        // Topic names default to the silo's own settings (environment Kafka__ReadingsTopic etc.), else KafkaOptions' defaults.
        var configured = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(KafkaOptions.SectionName);
        var defaults = new KafkaOptions();

        var port = new Option<int>("--port")
        {
            Description = "Fixed port of broker 1, which is also the bootstrap; broker i listens on port+i-1.",
            DefaultValueFactory = _ => DefaultPort,
        };
        var brokers = new Option<int>("--brokers")
        {
            Description = $"Brokers (1 to {EmbeddedKafkaCluster.MaxBrokerCount}).",
            DefaultValueFactory = _ => DefaultBrokers,
        };
        var partitions = new Option<int>("--partitions")
        {
            Description = "Partitions of each topic it creates.",
            DefaultValueFactory = _ => DefaultPartitions,
        };
        var host = new Option<string>("--host")
        {
            Description = "IPv4 address the brokers listen on and advertise (clients must reach it).",
            DefaultValueFactory = _ => DefaultHost,
        };
        var readingsTopic = TopicOption("--readings-topic", "Readings topic", nameof(KafkaOptions.ReadingsTopic), configured[nameof(KafkaOptions.ReadingsTopic)] ?? defaults.ReadingsTopic);
        var deadLetterTopic = TopicOption("--dead-letter-topic", "Dead-letter topic", nameof(KafkaOptions.DeadLetterTopic), configured[nameof(KafkaOptions.DeadLetterTopic)] ?? defaults.DeadLetterTopic);
        var alertsTopic = TopicOption("--alerts-topic", "Alerts topic", nameof(KafkaOptions.AlertsTopic), configured[nameof(KafkaOptions.AlertsTopic)] ?? defaults.AlertsTopic);
        var alertEventsTopic = TopicOption("--alert-events-topic", "Alert lifecycle events topic", nameof(KafkaOptions.AlertEventsTopic), configured[nameof(KafkaOptions.AlertEventsTopic)] ?? defaults.AlertEventsTopic);
        var scoresTopic = new Option<string?>("--scores-topic")
        {
            Description = "Scores topic, created only when given (default: Kafka__ScoresTopic, else none).",
            DefaultValueFactory = _ => NullIfEmpty(configured[nameof(KafkaOptions.ScoresTopic)]),
        };

        port.Validators.Add(result => RequireRange(result, "--port", 1, 65535));
        brokers.Validators.Add(result => RequireRange(result, "--brokers", 1, EmbeddedKafkaCluster.MaxBrokerCount));
        partitions.Validators.Add(result => RequireRange(result, "--partitions", 1, MaxPartitions));
        host.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!IPAddress.TryParse(value, out var address) || address.AddressFamily != AddressFamily.InterNetwork || address.Equals(IPAddress.Any))
            {
                result.AddError($"--host '{value}' must be an IPv4 address that clients can connect to (not 0.0.0.0): the brokers advertise it.");
            }
        });

        var serve = new Command("serve", "Host an in-memory Kafka (librdkafka's mock cluster) on fixed ports, create the StreamRnn topics, print bootstrap.servers=… and run until Ctrl-C or SIGTERM.")
        {
            port, brokers, partitions, host, readingsTopic, deadLetterTopic, alertsTopic, alertEventsTopic, scoresTopic,
        };
        serve.SetAction(async (parse, cancellationToken) =>
        {
            // Rules across options (System.CommandLine's command validators do not see option defaults).
            var problems = new List<string>();
            var first = parse.GetValue(port);
            var count = parse.GetValue(brokers);
            if (first + count - 1 > 65535)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"--port {first} with --brokers {count} needs ports up to {first + count - 1}, past 65535."));
            }

            problems.AddRange(TopicProblems(new KafkaOptions
            {
                ReadingsTopic = parse.GetValue(readingsTopic)!,
                DeadLetterTopic = parse.GetValue(deadLetterTopic)!,
                AlertsTopic = parse.GetValue(alertsTopic)!,
                AlertEventsTopic = parse.GetValue(alertEventsTopic)!,
                ScoresTopic = parse.GetValue(scoresTopic),
            }));
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync(problem);
                }

                return ExitCodes.InvalidInput;
            }

            var topics = new List<string> { parse.GetValue(readingsTopic)!, parse.GetValue(deadLetterTopic)!, parse.GetValue(alertsTopic)!, parse.GetValue(alertEventsTopic)! };
            if (parse.GetValue(scoresTopic) is { } scores)
            {
                topics.Add(scores);
            }

            return await ServeAsync(
                IPAddress.Parse(parse.GetValue(host)!),
                parse.GetValue(port),
                parse.GetValue(brokers),
                parse.GetValue(partitions),
                topics,
                cancellationToken);
        });
        return serve;
    }

    private static async Task<int> ServeAsync(IPAddress host, int firstPort, int brokerCount, int partitions, IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        // Ctrl-C cancels cancellationToken (System.CommandLine); SIGTERM is handled here so that it, too, ends in a clean exit 0.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        var relays = new List<TcpRelay>(brokerCount);
        EmbeddedKafkaCluster? cluster = null;
        try
        {
            // Bind the fixed ports first: a port in use is reported before any broker starts.
            for (var i = 0; i < brokerCount; i++)
            {
                var endpoint = new IPEndPoint(host, firstPort + i);
                try
                {
                    relays.Add(TcpRelay.Bind(endpoint));
                }
                catch (SocketException exception)
                {
                    var why = exception.SocketErrorCode == SocketError.AddressAlreadyInUse
                        ? "is in use (another 'streamrnn kafka serve' or a Kafka?); choose another with --port"
                        : $"cannot be listened on ({exception.Message})";
                    await Console.Error.WriteLineAsync($"kafka serve: port {endpoint.Port} on {host} {why}.");
                    return ExitCodes.Failed;
                }
            }

            cluster = new EmbeddedKafkaCluster(brokerCount);
            cluster.SetGroupInitialRebalanceDelay(GroupInitialRebalanceDelay);
            foreach (var topic in topics)
            {
                cluster.CreateTopic(topic, partitions);
            }

            for (var i = 0; i < brokerCount; i++)
            {
                cluster.AdvertiseBroker(i + 1, host.ToString(), relays[i].Endpoint.Port);
                relays[i].Start(new IPEndPoint(IPAddress.Loopback, cluster.BrokerListenPorts[i]));
            }

            var bootstrap = string.Join(',', relays.Select(relay => relay.Endpoint.ToString()));
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"kafka serve: IN-MEMORY, DEVELOPMENT-ONLY Kafka (librdkafka {KafkaNativeLibrary.Version} mock cluster): {brokerCount} broker(s) at {bootstrap}; topics {string.Join(", ", topics)} with {partitions} partition(s) each. Every message and committed offset is gone when it stops. Ctrl-C or SIGTERM stops it."));
            Console.Out.WriteLine("bootstrap.servers=" + bootstrap);
            Console.Out.Flush();

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            await Console.Error.WriteLineAsync("kafka serve: stopping; its messages are gone.");
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is KafkaException or InvalidOperationException or DllNotFoundException)
        {
            await Console.Error.WriteLineAsync($"kafka serve: {exception.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            foreach (var relay in relays)
            {
                await relay.DisposeAsync();
            }

            cluster?.Dispose();
        }
    }

    private static Option<string> TopicOption(string name, string what, string setting, string fallback) => new(name)
    {
        Description = $"{what} to create (default: the environment's Kafka__{setting}, else '{fallback}').",
        DefaultValueFactory = _ => fallback,
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void RequireRange(OptionResult result, string name, int min, int max)
    {
        // A value that is not one integer already has its parse error; converting it here would throw.
        if (result.Tokens.Count > 1
            || (result.Tokens.Count == 1 && !int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
        {
            return;
        }

        var value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max} (was {value})."));
        }
    }

    /// <summary>KafkaOptions' own topic rules (legal names, all different), each naming the option.</summary>
    private static IEnumerable<string> TopicProblems(KafkaOptions topics)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [nameof(KafkaOptions.ReadingsTopic)] = "--readings-topic",
            [nameof(KafkaOptions.DeadLetterTopic)] = "--dead-letter-topic",
            [nameof(KafkaOptions.AlertsTopic)] = "--alerts-topic",
            [nameof(KafkaOptions.AlertEventsTopic)] = "--alert-events-topic",
            [nameof(KafkaOptions.ScoresTopic)] = "--scores-topic",
        };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(topics, new ValidationContext(topics), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var member = result.MemberNames.FirstOrDefault(options.ContainsKey);
            if (member is null)
            {
                continue;
            }

            // The messages name the setting (Kafka:AlertsTopic); name the option as well.
            yield return $"{options[member]}: {result.ErrorMessage}";
        }
    }
}
