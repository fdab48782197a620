namespace StreamRnn.Client;

/// <summary>One row of a series file: its timestamp and its value(s).</summary>
public sealed record SeriesPoint(DateTimeOffset Timestamp, double[] Values);
