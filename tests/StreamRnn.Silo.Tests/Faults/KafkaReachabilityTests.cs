using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using StreamRnn.Hosting.Health;
using StreamRnn.Kafka;

namespace StreamRnn.Silo.Tests.Faults;

public sealed class KafkaReachabilityTests
{
    private const string BrokerUp = """{"name":"c","brokers":{":0/internal":{"nodeid":-1,"source":"internal","state":"UP"},"127.0.0.1:9092/1":{"nodeid":1,"source":"learned","state":"UP"}}}""";
    private const string OnlyInternalUp = """{"name":"c","brokers":{":0/internal":{"nodeid":-1,"source":"internal","state":"UP"},"GroupCoordinator":{"nodeid":-1,"source":"logical","state":"UP"},"127.0.0.1:9092/1":{"nodeid":1,"source":"learned","state":"TRY_CONNECT"}}}""";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task CheckHealthAsync_BeforeKafkaIsReached_Unhealthy()
    {
        var reachability = new KafkaReachability(_clock);
        _clock.Advance(TimeSpan.FromSeconds(12));

        var result = await new KafkaReadinessCheck(reachability).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("not reached yet after 00:00:12", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_Reached_Healthy()
    {
        var reachability = new KafkaReachability(_clock);
        reachability.Reached();

        var result = await new KafkaReadinessCheck(reachability).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public void OnError_AllBrokersDown_NotReadyAndSaysForHowLongAndWhy()
    {
        var reachability = new KafkaReachability(_clock);
        reachability.Reached();
        _clock.Advance(TimeSpan.FromMinutes(5));

        reachability.OnError(new Error(ErrorCode.Local_AllBrokersDown, "3/3 brokers are down"));
        _clock.Advance(TimeSpan.FromSeconds(31));

        var (ready, description) = reachability.Describe();
        Assert.False(ready);
        Assert.Contains("unreachable for 00:00:31", description, StringComparison.Ordinal);
        Assert.Contains("3/3 brokers are down", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ErrorCode.Local_Transport)]
    [InlineData(ErrorCode.Local_TimedOut)]
    [InlineData(ErrorCode.NotCoordinatorForGroup)]
    public void OnError_OneBrokerOrRequestFailing_StaysReady(ErrorCode code)
    {
        var reachability = new KafkaReachability(_clock);
        reachability.Reached();

        reachability.OnError(new Error(code, "one broker"));

        Assert.True(reachability.IsReady);
    }

    [Fact]
    public void OnStatistics_NoBrokerUpInTwoReportsInARow_NotReady()
    {
        var reachability = new KafkaReachability(_clock);
        reachability.Reached();

        reachability.OnStatistics(OnlyInternalUp);
        var afterOne = reachability.IsReady;
        reachability.OnStatistics(OnlyInternalUp);

        Assert.True(afterOne);
        Assert.False(reachability.IsReady);
        Assert.Contains("no broker connection up in 2 statistics reports", reachability.Describe().Description, StringComparison.Ordinal);
    }

    [Fact]
    public void OnStatistics_NoBrokerUpThenUp_CountStartsAgainAndStaysReady()
    {
        var reachability = new KafkaReachability(_clock);
        reachability.Reached();

        reachability.OnStatistics(OnlyInternalUp);
        reachability.OnStatistics(BrokerUp);
        reachability.OnStatistics(OnlyInternalUp);
        reachability.OnStatistics("not json");

        Assert.True(reachability.IsReady);
    }

    [Fact]
    public void OnStatistics_StaleBrokerUpAfterAllBrokersDownError_NotReadyAgainOnTheNextReports()
    {
        var reachability = new KafkaReachability(_clock);
        reachability.Reached();
        reachability.OnError(new Error(ErrorCode.Local_AllBrokersDown, "3/3 brokers are down"));

        reachability.OnStatistics(BrokerUp);
        reachability.OnStatistics(OnlyInternalUp);
        reachability.OnStatistics(OnlyInternalUp);

        Assert.False(reachability.IsReady);
    }

    [Fact]
    public void OnStatistics_BrokerUpAfterAllDown_ReadyAgain()
    {
        var reachability = new KafkaReachability(_clock);
        reachability.Reached();
        reachability.OnError(new Error(ErrorCode.Local_AllBrokersDown, "3/3 brokers are down"));

        reachability.OnStatistics(BrokerUp);

        Assert.True(reachability.IsReady);
    }

    [Theory]
    [InlineData(OnlyInternalUp)]
    [InlineData("""{"name":"c"}""")]
    [InlineData("not json")]
    public void OnStatistics_NoRealBrokerUp_StaysNotReady(string statistics)
    {
        var reachability = new KafkaReachability(_clock);
        reachability.Reached();
        reachability.OnError(new Error(ErrorCode.Local_AllBrokersDown, "3/3 brokers are down"));

        reachability.OnStatistics(statistics);

        Assert.False(reachability.IsReady);
    }

    [Fact]
    public void Reached_MessageConsumedAfterAllDown_ReadyAgain()
    {
        var reachability = new KafkaReachability(_clock);
        reachability.OnError(new Error(ErrorCode.Local_AllBrokersDown, "1/1 brokers are down"));

        reachability.Reached();

        Assert.True(reachability.IsReady);
    }

    [Fact]
    public void NotUsed_IngestOff_Ready()
    {
        var reachability = new KafkaReachability(_clock);

        reachability.NotUsed();

        Assert.True(reachability.IsReady);
    }

    [Fact]
    public void OnStatistics_RealConsumerConnectedToEmbeddedKafka_ReadyAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        cluster.CreateTopic("statistics", partitions: 1);
        var reachability = new KafkaReachability(_clock);
        reachability.OnError(new Error(ErrorCode.Local_AllBrokersDown, "1/1 brokers are down"));
        var config = new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "statistics", StatisticsIntervalMs = 100, SessionTimeoutMs = 6000 };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetStatisticsHandler((_, statistics) => reachability.OnStatistics(statistics))
            .Build();
        consumer.Subscribe("statistics");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!reachability.IsReady && DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            consumer.Consume(TimeSpan.FromMilliseconds(100));
        }

        consumer.Close();
        Assert.True(reachability.IsReady, "no statistics report showed the broker up");
    }

    [Fact]
    public void IsReady_ConsumerInsideOnePollLongerThanTheLimit_NotReadyUntilThePollReturns()
    {
        var reachability = new KafkaReachability(_clock);
        reachability.Reached();

        reachability.PollStarted();
        _clock.Advance(KafkaReachability.PollStuckAfter - TimeSpan.FromSeconds(1));
        var readyJustBefore = reachability.IsReady;
        _clock.Advance(TimeSpan.FromSeconds(2));
        var (readyAfter, description) = reachability.Describe();
        var isReadyAfter = reachability.IsReady;
        reachability.PollReturned();

        Assert.True(readyJustBefore);
        Assert.False(readyAfter);
        Assert.False(isReadyAfter);
        Assert.Contains("inside one poll for 00:00:11", description, StringComparison.Ordinal);
        Assert.True(reachability.IsReady);
    }

    [Fact]
    public void IsReady_ShortPollsOverALongTime_StaysReady()
    {
        var reachability = new KafkaReachability(_clock);
        reachability.Reached();

        for (var poll = 0; poll < 100; poll++)
        {
            reachability.PollStarted();
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            reachability.PollReturned();
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(reachability.IsReady);
    }
}
