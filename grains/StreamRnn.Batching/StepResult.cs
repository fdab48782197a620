namespace StreamRnn.Batching;

/// <summary>The outcome of one <see cref="IInferenceBatcher.StepAsync"/> request.</summary>
public sealed class StepResult
{
    /// <summary>Creates a step result.</summary>
    /// <param name="state">The state after the last step (<see cref="ModelShape.StateSize"/> floats).</param>
    /// <param name="forecasts">The forecast made after each step (<c>steps × Horizon</c> floats, step-major).</param>
    /// <param name="modelVersion">The weights version that computed them.</param>
    /// <param name="batchSize">How many requests shared the forward.</param>
    public StepResult(float[] state, float[] forecasts, int modelVersion, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(forecasts);
        State = state;
        Forecasts = forecasts;
        ModelVersion = modelVersion;
        BatchSize = batchSize;
    }

    /// <summary>The state after the last step (<see cref="ModelShape.StateSize"/> floats). The caller owns the array.</summary>
    public float[] State { get; }

    /// <summary>The forecast made after each step: <c>steps × Horizon</c> floats, step-major. The caller owns the array.</summary>
    public float[] Forecasts { get; }

    /// <summary>The weights version that computed this result.</summary>
    public int ModelVersion { get; }

    /// <summary>How many requests shared the forward that computed this result.</summary>
    public int BatchSize { get; }
}
