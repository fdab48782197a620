using StreamRnn.Models;
using TorchSharp;

namespace StreamRnn.Batching;

/// <summary>
/// Requests of different lengths packed into one batch: inputs padded to the longest request
/// (<c>[Count, Longest, Channels]</c>, row-major), initial states (<c>[Count, StateSize]</c>, zeros for a fresh
/// state) and per-row lengths; and the forward's outputs cut back into one <see cref="StepResult"/> per request.
/// </summary>
internal sealed class RaggedBatch
{
    private readonly int[] _steps;
    private readonly int _horizon;
    private readonly int _stateSize;

    private RaggedBatch(float[] inputs, float[] states, long[] lengths, int[] steps, int longest, int totalSteps, ModelShape shape)
    {
        Inputs = inputs;
        States = states;
        Lengths = lengths;
        _steps = steps;
        Longest = longest;
        TotalSteps = totalSteps;
        Channels = shape.Channels;
        _horizon = shape.Horizon;
        _stateSize = shape.StateSize;
    }

    /// <summary>How many requests the batch holds.</summary>
    public int Count => _steps.Length;

    /// <summary>The longest request's steps: the padded length of every row.</summary>
    public int Longest { get; }

    /// <summary>Steps over every request.</summary>
    public int TotalSteps { get; }

    /// <summary>Input channels per step.</summary>
    public int Channels { get; }

    /// <summary>The padded inputs, <c>[Count, Longest, Channels]</c>; a row's padding is zeros.</summary>
    public float[] Inputs { get; }

    /// <summary>The initial states, <c>[Count, StateSize]</c>; zeros where a request starts fresh.</summary>
    public float[] States { get; }

    /// <summary>Each row's steps.</summary>
    public long[] Lengths { get; }

    /// <summary>Steps and total steps of <paramref name="requests"/>, known before anything is copied.</summary>
    public static (int Longest, int TotalSteps) Measure(IReadOnlyList<PendingStep> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var longest = 0;
        var totalSteps = 0;
        foreach (var request in requests)
        {
            longest = Math.Max(longest, request.Steps);
            totalSteps += request.Steps;
        }

        return (longest, totalSteps);
    }

    /// <summary>Packs <paramref name="requests"/> (at least one; sizes already checked against <paramref name="shape"/>).</summary>
    public static RaggedBatch Pack(IReadOnlyList<PendingStep> requests, ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(shape);
        var (longest, totalSteps) = Measure(requests);
        var count = requests.Count;
        var channels = shape.Channels;
        var stateSize = shape.StateSize;
        var inputs = new float[(long)count * longest * channels];
        var states = new float[(long)count * stateSize];
        var lengths = new long[count];
        var steps = new int[count];
        for (var i = 0; i < count; i++)
        {
            var request = requests[i];
            request.Inputs.CopyTo(inputs, (long)i * longest * channels);
            request.State?.CopyTo(states, (long)i * stateSize);
            lengths[i] = request.Steps;
            steps[i] = request.Steps;
        }

        return new RaggedBatch(inputs, states, lengths, steps, longest, totalSteps, shape);
    }

    /// <summary>
    /// Runs the batch through <paramref name="model"/> on <paramref name="device"/> in one ragged forward
    /// (<see cref="RecurrentForecaster.ForecastRagged"/>), inside its own dispose scope and inference mode, and copies
    /// the outputs back to the CPU.
    /// </summary>
    /// <returns>The forecasts, packed row after row (<c>Steps × Horizon</c> each), and the final states <c>[Count, StateSize]</c>.</returns>
    public (float[] Forecasts, float[] FinalStates) Forward(RecurrentForecaster model, torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        using (torch.NewDisposeScope())
        using (torch.inference_mode())
        {
            var inputTensor = torch.tensor(Inputs, [Count, Longest, Channels], torch.ScalarType.Float32).to(device);
            var stateTensor = torch.tensor(States, [Count, _stateSize], torch.ScalarType.Float32).to(device);
            var (forecastTensor, finalStateTensor) = model.ForecastRagged(inputTensor, stateTensor, Lengths);
            return (
                forecastTensor.contiguous().cpu().data<float>().ToArray(),
                finalStateTensor.contiguous().cpu().data<float>().ToArray());
        }
    }

    /// <summary>Cuts the forward's outputs into one result per request, in packing order.</summary>
    /// <param name="forecasts">Forecasts packed row after row: <c>Steps × Horizon</c> floats per request.</param>
    /// <param name="finalStates">Final states, <c>[Count, StateSize]</c>.</param>
    /// <param name="modelVersion">The weights version that computed them.</param>
    /// <returns>The results; each owns its arrays.</returns>
    public StepResult[] Unpack(float[] forecasts, float[] finalStates, int modelVersion)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentNullException.ThrowIfNull(finalStates);
        var count = Count;
        var results = new StepResult[count];
        var offset = 0L;
        for (var i = 0; i < count; i++)
        {
            var stepForecasts = new float[_steps[i] * _horizon];
            Array.Copy(forecasts, offset, stepForecasts, 0, stepForecasts.Length);
            offset += stepForecasts.Length;
            var state = new float[_stateSize];
            Array.Copy(finalStates, (long)i * _stateSize, state, 0, _stateSize);
            results[i] = new StepResult(state, stepForecasts, modelVersion, count);
        }

        return results;
    }
}
