using StreamRnn.Hosting.Ingest;

namespace StreamRnn.Silo.Tests.Observability;

public sealed class ConsumerLagTests
{
    [Fact]
    public void Parse_StatisticsWithAssignedAndOtherPartitions_ReturnsTheAssignedOnesLag()
    {
        const string statistics = """
            {"name":"rdkafka#consumer-1","type":"consumer","topics":{
              "readings":{"topic":"readings","partitions":{
                "0":{"partition":0,"fetch_state":"active","consumer_lag":120},
                "1":{"partition":1,"fetch_state":"active","consumer_lag":0},
                "2":{"partition":2,"fetch_state":"none","consumer_lag":-1},
                "3":{"partition":3,"fetch_state":"offset-query","consumer_lag":-1},
                "-1":{"partition":-1,"fetch_state":"none","consumer_lag":-1}}}}}
            """;

        var lags = ConsumerLag.Parse(statistics);

        Assert.Equal(
            [("readings", 0, 120L), ("readings", 1, 0L)],
            lags.Select(m => ((string)m.Tags[0].Value!, (int)m.Tags[1].Value!, m.Value)).OrderBy(l => l.Item2));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"brokers\":{}}")]
    public void Parse_NoTopics_ReturnsNone(string statistics)
    {
        Assert.Empty(ConsumerLag.Parse(statistics));
    }
}
