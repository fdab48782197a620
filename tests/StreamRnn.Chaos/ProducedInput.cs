namespace StreamRnn.Chaos;

/// <summary>The input as delivered to Kafka, per sensor: readings and last offset on each partition.</summary>
internal sealed record ProducedInput(IReadOnlyList<string> SensorIds, IReadOnlyList<long> Counts, IReadOnlyList<IReadOnlyDictionary<int, long>> LastOffsets)
{
    public long Total => Counts.Sum();

    public static ProducedInput From(SyntheticSeries series, ProductionLedger ledger)
    {
        var sensors = Enumerable.Range(0, series.Sensors).ToArray();
        return new ProducedInput(
            [.. sensors.Select(series.SensorId)],
            [.. sensors.Select(ledger.ProducedOf)],
            [.. sensors.Select(ledger.LastOffsetsOf)]);
    }
}
