namespace StreamRnn.Telemetry;

/// <summary>
/// Names of the StreamRnn meter and activity source, shared by every StreamRnn assembly.
/// Instruments are named <c>streamrnn.&lt;noun&gt;.&lt;unit&gt;</c>.
/// </summary>
public static class StreamRnnTelemetry
{
    /// <summary>The name of the StreamRnn <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "StreamRnn";

    /// <summary>The name of the StreamRnn <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "StreamRnn";
}
