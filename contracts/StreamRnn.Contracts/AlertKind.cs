namespace StreamRnn.Contracts;

/// <summary>Why an alert was raised.</summary>
public enum AlertKind
{
    /// <summary>The reading contradicts the forecast: its forecast error is far outside the sensor's usual errors.</summary>
    Anomaly = 0,

    /// <summary>The sensor keeps reporting exactly the same value (stuck value, flatline).</summary>
    Stuck = 1,

    /// <summary>The sensor stopped reporting: no reading for several of its usual intervals.</summary>
    Dropout = 2,

    /// <summary>One reading far outside the sensor's recent band, the next one back in it.</summary>
    Spike = 3,

    /// <summary>The change per second far outside the sensor's usual changes, or above its configured limit.</summary>
    RateOfChange = 4,

    /// <summary>The value outside the configured limits.</summary>
    OutOfRange = 5,
}
