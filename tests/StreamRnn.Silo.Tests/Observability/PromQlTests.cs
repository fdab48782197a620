namespace StreamRnn.Silo.Tests.Observability;

public sealed class PromQlTests
{
    [Theory]
    [InlineData("sum by (kind) (rate(streamrnn_alerts_total{kind=\"stuck\"}[$__rate_interval]))", "streamrnn_alerts_total")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(a_bucket[5m])))", "a_bucket")]
    [InlineData("sum(x) > 1e3 and sum(x) > sum(x offset 15m)", "x,x,x")]
    [InlineData("sum(up) < 1 or absent(b)", "up,b")]
    [InlineData("rate(c[5m]) / clamp_min(d, 1) > bool 0.5", "c,d")]
    public void MetricNames_Expression_ReturnsTheSeriesItReads(string expression, string expected)
    {
        Assert.Equal(expected.Split(','), PromQl.MetricNames(expression));
    }

    [Fact]
    public void RuleExpressions_ExprOverSeveralLines_Throws()
    {
        const string yaml = "- alert: A\n  expr: |\n    sum(x) > 1\n- alert: B\n  expr: sum(y) > 1\n";

        Assert.Throws<InvalidDataException>(() => PromQl.RuleExpressions(yaml));
    }
}
