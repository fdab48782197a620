using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Confluent.Kafka;
using StreamRnn.Kafka;

namespace StreamRnn.Silo.Tests;

/// <summary><c>streamrnn kafka serve</c> run as a process, with Confluent clients of this process talking to it.</summary>
public sealed class KafkaServeProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Serve_TwoBrokersOnFixedPorts_TopicsExistAndTheLogOutlivesItsProducer()
    {
        var ct = TestContext.Current.CancellationToken;
        KafkaNativeLibrary.EnsureLoaded();
        var port = FreeConsecutivePorts(2);
        await using var serve = ServeProcess.Start(["--port", Invariant(port), "--brokers", "2", "--partitions", "3"]);

        var bootstrap = await serve.BootstrapServersAsync(ct);

        Assert.Equal($"127.0.0.1:{port},127.0.0.1:{port + 1}", bootstrap);

        // Every topic is there with the partitions asked for, and every broker advertises one of the fixed ports.
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(30));
            Assert.Equal(new[] { port, port + 1 }, metadata.Brokers.Select(broker => broker.Port).Order());
            Assert.All(metadata.Brokers, broker => Assert.Equal("127.0.0.1", broker.Host));
            foreach (var topic in new[] { "sensor-readings", "sensor-readings-dlq", "sensor-alerts", "sensor-alert-events" })
            {
                var found = Assert.Single(metadata.Topics, t => t.Topic == topic);
                Assert.Equal(Confluent.Kafka.ErrorCode.NoError, found.Error.Code);
                Assert.Equal(3, found.Partitions.Count);
            }
        }

        // One producer writes to every partition (each led by one of the two brokers, reached through its
        // relay) and is gone before a second, unrelated client reads it all back.
        var sent = new List<(int Partition, string Key, string Value)>();
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All }).Build())
        {
            for (var i = 0; i < 9; i++)
            {
                var partition = i % 3;
                var message = new Message<string, string> { Key = $"sensor-{i}", Value = $"{{\"value\":{i}}}" };
                var result = await producer.ProduceAsync(new TopicPartition("sensor-readings", partition), message, ct);
                Assert.Equal(PersistenceStatus.Persisted, result.Status);
                sent.Add((partition, message.Key, message.Value));
            }

            producer.Flush(ct);
        }

        var received = new List<(int Partition, string Key, string Value)>();
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"kafka-serve-test-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using (var consumer = new ConsumerBuilder<string, string>(consumerConfig).Build())
        {
            consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset("sensor-readings", p, Offset.Beginning)));
            var stopwatch = Stopwatch.StartNew();
            while (received.Count < sent.Count && stopwatch.Elapsed < Deadline)
            {
                ct.ThrowIfCancellationRequested();
                var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
                if (result is not null && !result.IsPartitionEOF)
                {
                    received.Add((result.Partition.Value, result.Message.Key, result.Message.Value));
                }
            }

            consumer.Close();
        }

        Assert.Equal(sent.Order(), received.Order());

        // SIGTERM ends it cleanly, and stdout never held more than the one line.
        var (exitCode, output, error) = await serve.SignalAndWaitAsync("TERM", ct);
        Assert.True(exitCode == 0, error);
        Assert.Equal($"bootstrap.servers={bootstrap}", output.TrimEnd('\n', '\r'));
        Assert.Contains("IN-MEMORY, DEVELOPMENT-ONLY", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_SigInt_ExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var serve = ServeProcess.Start(["--port", Invariant(FreeConsecutivePorts(1))]);
        await serve.BootstrapServersAsync(ct);

        var (exitCode, _, error) = await serve.SignalAndWaitAsync("INT", ct);

        Assert.True(exitCode == 0, error);
    }

    [Fact]
    public async Task Serve_PortInUse_FailsNamingThePort()
    {
        var ct = TestContext.Current.CancellationToken;
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output, error) = await DotnetProcess.RunAsync(DotnetProcess.CliStartInfo(["kafka", "serve", "--port", Invariant(port)]), Deadline, ct);

        Assert.Equal(1, exitCode);
        Assert.Contains($"port {port}", error, StringComparison.Ordinal);
        Assert.Contains("in use", error, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^bootstrap\.servers=", output);
    }

    [Theory]
    [InlineData("--port", "0", "--port")]
    [InlineData("--port", "many", "--port")]
    [InlineData("--brokers", "17", "--brokers")]
    [InlineData("--partitions", "0", "--partitions")]
    [InlineData("--host", "0.0.0.0", "--host")]
    [InlineData("--readings-topic", "bad topic", "--readings-topic")]
    [InlineData("--alerts-topic", "sensor-readings", "--alerts-topic")]
    public async Task Serve_InvalidOption_ExitsTwoNamingTheOption(string option, string value, string named)
    {
        var (exitCode, output, error) = await DotnetProcess.RunAsync(
            DotnetProcess.CliStartInfo(option == "--port" ? ["kafka", "serve", option, value] : ["kafka", "serve", option, value, "--port", Invariant(FreeConsecutivePorts(1))]),
            Deadline,
            TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^bootstrap\.servers=", output);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The first of <paramref name="count"/> consecutive loopback ports that were all free a moment ago.</summary>
    private static int FreeConsecutivePorts(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var listeners = new List<TcpListener>();
            try
            {
                var first = new TcpListener(IPAddress.Loopback, 0);
                first.Start();
                listeners.Add(first);
                var port = ((IPEndPoint)first.LocalEndpoint).Port;
                if (port + count - 1 > 65535)
                {
                    continue;
                }

                for (var i = 1; i < count; i++)
                {
                    var next = new TcpListener(IPAddress.Loopback, port + i);
                    next.Start();
                    listeners.Add(next);
                }

                return port;
            }
            catch (SocketException)
            {
                // One of the following ports is taken: try another first port.
            }
            finally
            {
                foreach (var listener in listeners)
                {
                    listener.Stop();
                    listener.Dispose();
                }
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    /// <summary>A running <c>streamrnn kafka serve</c>: its stdout lines, stderr, and a kill when the test leaves early.</summary>
    private sealed class ServeProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Task<string> _error;
        private readonly TaskCompletionSource<string> _bootstrap = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ServeProcess(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, line) =>
            {
                if (line.Data is null)
                {
                    _bootstrap.TrySetException(new InvalidOperationException("kafka serve closed stdout before printing bootstrap.servers="));
                    return;
                }

                lock (_output)
                {
                    _output.Append(line.Data).Append('\n');
                }

                const string Prefix = "bootstrap.servers=";
                if (line.Data.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    _bootstrap.TrySetResult(line.Data[Prefix.Length..]);
                }
            };
            _process.BeginOutputReadLine();
            _error = _process.StandardError.ReadToEndAsync(CancellationToken.None);
        }

        public static ServeProcess Start(IEnumerable<string> arguments) =>
            new(Process.Start(DotnetProcess.CliStartInfo(["kafka", "serve", .. arguments]))!);

        /// <summary>The bootstrap list it printed, waited for until <see cref="Deadline"/>.</summary>
        public async Task<string> BootstrapServersAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await _bootstrap.Task.WaitAsync(Deadline, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"no bootstrap.servers= line within {Deadline.TotalSeconds} s; stdout: {Output()}");
            }
        }

        public async Task<(int ExitCode, string Output, string Error)> SignalAndWaitAsync(string signal, CancellationToken cancellationToken)
        {
            using (var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(cancellationToken);
            }

            await _process.WaitForExitAsync(cancellationToken).WaitAsync(Deadline, cancellationToken);
            // WaitForExitAsync also waits for the redirected stdout to reach its end.
            return (_process.ExitCode, Output(), await _error);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }

            _process.Dispose();
        }

        private string Output()
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }
}
