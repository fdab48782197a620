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
}
