using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamRnn.Models;

/// <summary>
/// A bidirectional recurrent encoder for offline scoring of complete windows: for every step t of a window it
/// estimates channel 0 at t from the steps before t and the steps after t, never from step t itself.
/// </summary>
/// <remarks>
/// <para>
/// Two independent stacks of the same cell (<see cref="ModelShape.Cell"/>, <see cref="ModelShape.Layers"/>,
/// <see cref="ModelShape.HiddenSize"/>) read the window: <c>past</c> forwards in time, <c>future</c> backwards.
/// The estimate at t is a linear head over <c>[past state after t−1, future state after t+1]</c>; at the window's
/// edges the missing side is the zero initial state. Because the stacks are separate (not one
/// <c>bidirectional: true</c> module, whose upper layers mix both directions), no layer ever sees step t, at any depth;
/// in effect step t is masked out of its own estimate. Every channel at t is excluded, not only channel 0.
/// </para>
/// <para>
/// When it helps: re-scoring complete, stored windows after the fact (backfills, audits, labelling), where the
/// future of each point is known; "how surprising is x_t given both neighbourhoods" separates isolated spikes
/// from level shifts better than a forecast error does. It must never score the live step: that step has no future.
/// <see cref="ModelShape.Horizon"/> is not used.
/// </para>
/// </remarks>
public sealed class BidirectionalScorer : nn.Module
{
    private static readonly Dictionary<string, string> PublicPrefixes = new(StringComparer.Ordinal)
    {
        ["_past."] = "past.",
        ["_future."] = "future.",
        ["_head."] = "head.",
    };

    private readonly nn.Module _past;
    private readonly nn.Module _future;
    private readonly Linear _head;
    private readonly ModuleParameters _parameterMap;

    /// <summary>
    /// Builds the scorer on the CPU with weights uniform in ±1/√HiddenSize drawn from a generator seeded with
    /// <paramref name="seed"/> (bit-identical for the same shape and seed).
    /// </summary>
    /// <param name="shape">Cell, channels, hidden size, layers, RNN nonlinearity and dropout (the horizon is ignored).</param>
    /// <param name="seed">The weight seed.</param>
    public BidirectionalScorer(ModelShape shape, long seed)
        : base(nameof(BidirectionalScorer))
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        Shape = shape;
        _past = CreateStack(shape);
        _future = CreateStack(shape);
        _head = nn.Linear(2L * shape.HiddenSize, 1);
        RegisterComponents();
        InitializeWeights(seed);
        _parameterMap = new ModuleParameters(this, PublicPrefixes);
    }

    /// <summary>The model shape.</summary>
    public ModelShape Shape { get; }

    /// <summary>
    /// Every parameter's stable name and shape: <c>past.*</c> and <c>future.*</c> (PyTorch RNN names), then
    /// <c>head.weight</c> <c>[1, 2 × HiddenSize]</c> and <c>head.bias</c> <c>[1]</c>.
    /// </summary>
    public IReadOnlyList<(string Name, long[] Shape)> ParameterLayout => _parameterMap.Layout;

    /// <summary>Copies every parameter to a new CPU float array keyed by its <see cref="ParameterLayout"/> name.</summary>
    /// <returns>One entry per parameter, inserted in layout order.</returns>
    public Dictionary<string, float[]> ExportParameters()
    {
        return _parameterMap.Export();
    }

    /// <summary>Overwrites every parameter from float arrays keyed by <see cref="ParameterLayout"/> name.</summary>
    /// <param name="parameters">Exactly one array per layout name.</param>
    /// <exception cref="ArgumentException">A parameter is missing, unknown or has the wrong size; the message names it.</exception>
    public void LoadParameters(IReadOnlyDictionary<string, float[]> parameters)
    {
        _parameterMap.Load(parameters);
    }

    /// <summary>
    /// Estimates channel 0 at every step of every window from the other steps of that window.
    /// Callers own the grad mode; intermediates are disposed.
    /// </summary>
    /// <param name="windows">Complete windows <c>[B, T, Channels]</c>, T ≥ 2.</param>
    /// <returns>Estimates <c>[B, T]</c>; the estimate at t never depends on step t.</returns>
    public Tensor Reconstruct(Tensor windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.dim() != 3 || windows.shape[2] != Shape.Channels || windows.shape[0] < 1 || windows.shape[1] < 2)
        {
            throw new ArgumentException(
                $"Expected windows [B, T, {Shape.Channels}] with B ≥ 1 and T ≥ 2 but got [{string.Join(", ", windows.shape)}].", nameof(windows));
        }

        var batch = windows.shape[0];
        var steps = windows.shape[1];
        using var scope = NewDisposeScope();
        var past = RunStack(_past, windows);
        var future = RunStack(_future, windows.flip(1)).flip(1);
        var zeros = torch.zeros([batch, 1, Shape.HiddenSize], dtype: past.dtype, device: past.device);
        var pastBefore = torch.cat([zeros, past.narrow(1, 0, steps - 1)], 1);
        var futureAfter = torch.cat([future.narrow(1, 1, steps - 1), zeros], 1);
        var estimates = _head.call(torch.cat([pastBefore, futureAfter], 2)).squeeze(-1);
        return scope.MoveToOuter(estimates);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _past.Dispose();
            _future.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }

    private static nn.Module CreateStack(ModelShape shape)
    {
        return shape.Cell switch
        {
            RecurrentCellKind.Gru => nn.GRU(shape.Channels, shape.HiddenSize, shape.Layers, batchFirst: true, dropout: shape.Dropout),
            RecurrentCellKind.Lstm => nn.LSTM(shape.Channels, shape.HiddenSize, shape.Layers, batchFirst: true, dropout: shape.Dropout),
            _ => nn.RNN(
                shape.Channels,
                shape.HiddenSize,
                shape.Layers,
                shape.RnnNonlinearity == RnnNonlinearity.Relu ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh,
                batchFirst: true,
                dropout: shape.Dropout),
        };
    }

    /// <summary>Top-layer outputs <c>[B, T, Hidden]</c> of one stack from zero state.</summary>
    private Tensor RunStack(nn.Module stack, Tensor inputs)
    {
        var batch = inputs.shape[0];
        var h0 = torch.zeros([Shape.Layers, batch, Shape.HiddenSize], dtype: inputs.dtype, device: inputs.device);
        switch (stack)
        {
            case GRU gru:
                return gru.call(inputs, h0).Item1;
            case LSTM lstm when inputs.device_type == DeviceType.CPU:
            {
                // The dense CPU LSTM kernel is unreliable at small hidden sizes (see RecurrentForecaster); run packed.
                var lengths = torch.full([batch], inputs.shape[1], dtype: ScalarType.Int64);
                using var packed = nn.utils.rnn.pack_padded_sequence(inputs, lengths, batch_first: true, enforce_sorted: true);
                var (packedOutputs, _, _) = lstm.call(packed, (h0, torch.zeros_like(h0)));
                using (packedOutputs)
                {
                    return nn.utils.rnn.pad_packed_sequence(packedOutputs, batch_first: true).Item1;
                }
            }

            case LSTM lstm:
                return lstm.call(inputs, (h0, torch.zeros_like(h0))).Item1;
            default:
                return ((RNN)stack).call(inputs, h0).Item1;
        }
    }

    private void InitializeWeights(long seed)
    {
        var bound = 1.0 / Math.Sqrt(Shape.HiddenSize);
        using var generator = new Generator(unchecked((ulong)seed), new Device(DeviceType.CPU));
        using var noGrad = torch.no_grad();
        foreach (var (_, parameter) in named_parameters())
        {
            parameter.uniform_(-bound, bound, generator);
        }
    }
}
