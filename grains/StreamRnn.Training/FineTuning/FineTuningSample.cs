namespace StreamRnn.Training.FineTuning;

/// <summary>
/// One recorded stretch of a live series for online fine-tuning: the normalised model inputs, row-major
/// <c>[Steps × Channels]</c>, exactly as the sensor fed them to the model (each sensor normalises online), starting from
/// a zero recurrent state at step 0.
/// </summary>
/// <remarks>
/// With the model's horizon H, a sample gives one training pair per step t in <c>[0, Steps − H)</c>: the forecast made
/// after step t against channel 0 of the inputs at steps t+1 … t+H. A sample with <c>Steps ≤ H</c> has no complete target
/// and contributes nothing: <see cref="FineTuner"/> skips it (and does not count it).
/// </remarks>
public sealed record FineTuningSample
{
    /// <summary>Creates a sample; the inputs are copied.</summary>
    /// <param name="inputs">Normalised inputs, row-major <c>[steps × channels]</c>, oldest step first.</param>
    /// <param name="steps">Steps in the sample, at least 1.</param>
    /// <param name="channels">Values per step, at least 1.</param>
    /// <exception cref="ArgumentException">The sizes do not match or a value is not finite; the message names the problem.</exception>
    public FineTuningSample(float[] inputs, int steps, int channels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (inputs.LongLength != (long)steps * channels)
        {
            throw new ArgumentException(
                $"Expected {steps} steps × {channels} channels = {(long)steps * channels} inputs but got {inputs.LongLength}.", nameof(inputs));
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            if (!float.IsFinite(inputs[i]))
            {
                throw new ArgumentException($"Input at step {i / channels}, channel {i % channels} is not finite ({inputs[i]}).", nameof(inputs));
            }
        }

        Inputs = (float[])inputs.Clone();
        Steps = steps;
        Channels = channels;
    }

    /// <summary>The normalised inputs, row-major <c>[Steps × Channels]</c>. Do not modify.</summary>
    public float[] Inputs { get; }

    /// <summary>Steps in the sample.</summary>
    public int Steps { get; }

    /// <summary>Values per step.</summary>
    public int Channels { get; }
}
