using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamRnn.Models;

/// <summary>
/// A stacked GRU, LSTM or vanilla RNN (tanh or ReLU; batch first) with a linear head that maps the top
/// layer's hidden output after every step to <see cref="ModelShape.Horizon"/> forecast values: the next
/// <c>Horizon</c> values of channel 0 (in whatever units the inputs are, normalised in training).
/// </summary>
/// <remarks>
/// The recurrent state crosses the API as one row of <see cref="ModelShape.StateSize"/> floats per
/// series: h for every layer (layer-major), then for LSTM c for every layer. Callers own the
/// grad mode (<c>torch.inference_mode()</c> or <c>torch.no_grad()</c>); each method disposes its
/// own intermediates and returns tensors owned by the caller's dispose scope, if any.
/// With <see cref="ModelShape.Dropout"/> above 0, <c>train()</c> mode drops between stacked layers; <c>eval()</c> never does.
/// For checkpoints, <see cref="ParameterLayout"/> names every parameter (<c>rnn.weight_ih_l0</c>, …, <c>head.weight</c>,
/// <c>head.bias</c>), and <see cref="ExportParameters"/> / <see cref="LoadParameters"/> move them as float arrays.
/// </remarks>
public sealed class RecurrentForecaster : nn.Module
{
    private static readonly Dictionary<string, string> PublicPrefixes = new(StringComparer.Ordinal)
    {
        ["_recurrent."] = "rnn.",
        ["_head."] = "head.",
    };

    private readonly nn.Module _recurrent;
    private readonly Linear _head;
    private readonly ModuleParameters _parameterMap;

    /// <summary>
    /// Builds the model on the CPU with weights drawn from a generator seeded with <paramref name="seed"/>:
    /// every weight and bias is uniform in ±1/√HiddenSize (PyTorch's default ranges for these layers),
    /// so two instances with the same shape and seed are bit-identical. Move it with <c>to(device)</c>.
    /// </summary>
    /// <param name="shape">The model shape.</param>
    /// <param name="seed">The weight seed (<see cref="ModelOptions.Seed"/>).</param>
    public RecurrentForecaster(ModelShape shape, long seed)
        : base(nameof(RecurrentForecaster))
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        Shape = shape;
        _recurrent = shape.Cell switch
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
        _head = nn.Linear(shape.HiddenSize, shape.Horizon);
        RegisterComponents();
        InitializeWeights(seed);
        _parameterMap = new ModuleParameters(this, PublicPrefixes);
    }

    /// <summary>The model shape.</summary>
    public ModelShape Shape { get; }

    /// <summary>The weights version: 1 for the seeded initial model.</summary>
    public int ModelVersion { get; set; } = 1;

    /// <summary>
    /// Every parameter's stable name and shape, in a fixed order: the recurrent weights as PyTorch names them
    /// under <c>rnn.</c> (per layer l: <c>weight_ih_l{l}</c>, <c>weight_hh_l{l}</c>, <c>bias_ih_l{l}</c>,
    /// <c>bias_hh_l{l}</c>), then <c>head.weight</c> <c>[Horizon, HiddenSize]</c> and <c>head.bias</c> <c>[Horizon]</c>.
    /// </summary>
    public IReadOnlyList<(string Name, long[] Shape)> ParameterLayout => _parameterMap.Layout;

    /// <summary>Copies every parameter to a new CPU float array (row-major), keyed by its <see cref="ParameterLayout"/> name.</summary>
    /// <returns>One entry per parameter, inserted in layout order.</returns>
    public Dictionary<string, float[]> ExportParameters()
    {
        return _parameterMap.Export();
    }

    /// <summary>
    /// Overwrites every parameter, on the model's device, from row-major float arrays keyed by
    /// <see cref="ParameterLayout"/> name. Everything is checked before anything is written.
    /// </summary>
    /// <param name="parameters">Exactly one array per layout name, with as many values as the shape holds.</param>
    /// <exception cref="ArgumentException">A parameter is missing, unknown or has the wrong size; the message names it.</exception>
    public void LoadParameters(IReadOnlyDictionary<string, float[]> parameters)
    {
        _parameterMap.Load(parameters);
    }

    /// <summary>
    /// Runs whole sequences of equal length.
    /// </summary>
    /// <param name="inputs">Inputs <c>[B, T, Channels]</c>.</param>
    /// <param name="state">Initial state <c>[B, StateSize]</c>, or <see langword="null"/> for zeros.</param>
    /// <returns>Forecasts <c>[B, T, Horizon]</c> (the forecast made after each step) and the final state <c>[B, StateSize]</c>.</returns>
    public (Tensor Forecasts, Tensor State) Forecast(Tensor inputs, Tensor? state)
    {
        var (batch, steps) = CheckInputs(inputs, state);
        using var scope = NewDisposeScope();
        if (DenseIsUnreliable(inputs))
        {
            var lengths = new long[batch];
            Array.Fill(lengths, steps);
            var (flat, packedState) = RunPacked(inputs, state, lengths, batch * steps);
            return scope.MoveToOuter(flat.reshape(batch, steps, Shape.Horizon), packedState);
        }

        var (outputs, finalState) = RunDense(inputs, state, batch);
        var forecasts = _head.call(outputs);
        return scope.MoveToOuter(forecasts, finalState);
    }

    /// <summary>
    /// Runs a padded batch whose rows have their own lengths. A row's final state is the state after
    /// its own last step; padding beyond a row's length is never fed to the network.
    /// </summary>
    /// <param name="inputs">Padded inputs <c>[B, T, Channels]</c>, T at least the longest length.</param>
    /// <param name="state">Initial state <c>[B, StateSize]</c>, or <see langword="null"/> for zeros.</param>
    /// <param name="lengths">Steps per row, each in 1..T.</param>
    /// <returns>
    /// Forecasts <c>[Σ lengths, Horizon]</c> row after row (row 0's steps, then row 1's, …; no padding),
    /// and the final state <c>[B, StateSize]</c>.
    /// </returns>
    public (Tensor Forecasts, Tensor State) ForecastRagged(Tensor inputs, Tensor? state, ReadOnlySpan<long> lengths)
    {
        var (batch, steps) = CheckInputs(inputs, state);
        if (lengths.Length != batch)
        {
            throw new ArgumentException($"Expected {batch} lengths (one per row) but got {lengths.Length}.", nameof(lengths));
        }

        var uniform = true;
        var total = 0L;
        foreach (var length in lengths)
        {
            if (length < 1 || length > steps)
            {
                throw new ArgumentOutOfRangeException(nameof(lengths), length, $"Every length must be in 1..{steps}.");
            }

            uniform &= length == lengths[0];
            total += length;
        }

        using var scope = NewDisposeScope();
        if (uniform && !DenseIsUnreliable(inputs))
        {
            // Fast path (all rows the same length, e.g. all single steps): no packing.
            var rows = lengths[0] == steps ? inputs : inputs.narrow(1, 0, lengths[0]);
            var (outputs, finalState) = RunDense(rows, state, batch);
            var forecasts = _head.call(outputs).reshape(total, Shape.Horizon);
            return scope.MoveToOuter(forecasts, finalState);
        }

        var (packedForecasts, packedState) = RunPacked(inputs, state, lengths, total);
        return scope.MoveToOuter(packedForecasts, packedState);
    }

    /// <summary>Compacts RNN weights for cuDNN after a move to a CUDA device; harmless on the CPU.</summary>
    public void FlattenParameters()
    {
        switch (_recurrent)
        {
            case GRU gru:
                gru.flatten_parameters();
                break;
            case LSTM lstm:
                lstm.flatten_parameters();
                break;
            case RNN rnn:
                rnn.flatten_parameters();
                break;
            default:
                break;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _recurrent.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }

    private static long[] RowMajorIndex(nn.utils.rnn.PackedSequence packed, ReadOnlySpan<long> lengths, long total)
    {
        var batchSizes = packed.batch_sizes.data<long>().ToArray();
        var unsorted = packed.unsorted_indices.cpu().data<long>().ToArray();
        var offsets = new long[batchSizes.Length];
        for (var t = 1; t < batchSizes.Length; t++)
        {
            offsets[t] = offsets[t - 1] + batchSizes[t - 1];
        }

        var index = new long[total];
        var next = 0;
        for (var row = 0; row < lengths.Length; row++)
        {
            var position = unsorted[row];
            for (var t = 0; t < lengths[row]; t++)
            {
                index[next++] = offsets[t] + position;
            }
        }

        return index;
    }

    /// <summary>
    /// True where the unpacked LSTM kernel cannot be trusted: on the CPU, libtorch's dense LSTM forward
    /// (TorchSharp 0.107) returns wrong h, c and outputs for hidden sizes up to at least 16, while the packed
    /// forward matches the cell equations for every size. LSTM on the CPU therefore always runs packed.
    /// </summary>
    private bool DenseIsUnreliable(Tensor inputs)
    {
        return Shape.Cell == RecurrentCellKind.Lstm && inputs.device_type == DeviceType.CPU;
    }

    /// <summary>Packed forward; forecasts come back row after row, <c>[Σ lengths, Horizon]</c>.</summary>
    private (Tensor Forecasts, Tensor State) RunPacked(Tensor inputs, Tensor? state, ReadOnlySpan<long> lengths, long total)
    {
        var batch = inputs.shape[0];
        var lengthsTensor = torch.tensor(lengths.ToArray(), dtype: ScalarType.Int64);
        using var packed = nn.utils.rnn.pack_padded_sequence(inputs, lengthsTensor, batch_first: true, enforce_sorted: false);
        var (h0, c0) = SplitState(state, batch, inputs);
        nn.utils.rnn.PackedSequence packedOutputs;
        Tensor hn;
        Tensor? cn = null;
        switch (_recurrent)
        {
            case GRU gru:
                (packedOutputs, hn) = gru.call(packed, h0);
                break;
            case LSTM lstm:
                (packedOutputs, hn, cn) = lstm.call(packed, (h0, c0!));
                break;
            default:
                (packedOutputs, hn) = ((RNN)_recurrent).call(packed, h0);
                break;
        }

        using (packedOutputs)
        {
            // packedOutputs.data is time-major over the rows sorted by length (longest first):
            // step t of the row at sorted position p is at offset(t) + p. Gather it back row after row.
            var packedForecasts = _head.call(packedOutputs.data);
            var gather = torch.tensor(RowMajorIndex(packedOutputs, lengths, total), dtype: ScalarType.Int64, device: inputs.device);
            return (packedForecasts.index_select(0, gather), MergeState(hn, cn, batch));
        }
    }

    private (long Batch, long Steps) CheckInputs(Tensor inputs, Tensor? state)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.dim() != 3 || inputs.shape[2] != Shape.Channels || inputs.shape[0] < 1 || inputs.shape[1] < 1)
        {
            throw new ArgumentException(
                $"Expected inputs [B, T, {Shape.Channels}] with B, T ≥ 1 but got [{string.Join(", ", inputs.shape)}].", nameof(inputs));
        }

        var batch = inputs.shape[0];
        if (state is not null && (state.dim() != 2 || state.shape[0] != batch || state.shape[1] != Shape.StateSize))
        {
            throw new ArgumentException(
                $"Expected state [{batch}, {Shape.StateSize}] but got [{string.Join(", ", state.shape)}].", nameof(state));
        }

        return (batch, inputs.shape[1]);
    }

    private (Tensor Outputs, Tensor State) RunDense(Tensor inputs, Tensor? state, long batch)
    {
        var (h0, c0) = SplitState(state, batch, inputs);
        switch (_recurrent)
        {
            case GRU gru:
            {
                var (outputs, hn) = gru.call(inputs, h0);
                return (outputs, MergeState(hn, null, batch));
            }

            case LSTM lstm:
            {
                var (outputs, hn, cn) = lstm.call(inputs, (h0, c0!));
                return (outputs, MergeState(hn, cn, batch));
            }

            default:
            {
                var (outputs, hn) = ((RNN)_recurrent).call(inputs, h0);
                return (outputs, MergeState(hn, null, batch));
            }
        }
    }

    /// <summary>[B, StateSize] → h [Layers, B, Hidden] (and c for LSTM).</summary>
    private (Tensor H, Tensor? C) SplitState(Tensor? state, long batch, Tensor like)
    {
        long layers = Shape.Layers;
        long hidden = Shape.HiddenSize;
        var isLstm = Shape.Cell == RecurrentCellKind.Lstm;
        if (state is null)
        {
            var zeros = torch.zeros([layers, batch, hidden], dtype: like.dtype, device: like.device);
            return (zeros, isLstm ? torch.zeros([layers, batch, hidden], dtype: like.dtype, device: like.device) : null);
        }

        var h = state.narrow(1, 0, layers * hidden).reshape(batch, layers, hidden).transpose(0, 1).contiguous();
        var c = isLstm
            ? state.narrow(1, layers * hidden, layers * hidden).reshape(batch, layers, hidden).transpose(0, 1).contiguous()
            : null;
        return (h, c);
    }

    /// <summary>h [Layers, B, Hidden] (and c) → [B, StateSize].</summary>
    private Tensor MergeState(Tensor h, Tensor? c, long batch)
    {
        long size = Shape.Layers * Shape.HiddenSize;
        var flatH = h.transpose(0, 1).reshape(batch, size);
        return c is null ? flatH : torch.cat([flatH, c.transpose(0, 1).reshape(batch, size)], 1);
    }

    private void InitializeWeights(long seed)
    {
        var bound = 1.0 / Math.Sqrt(Shape.HiddenSize);
        using var generator = new Generator(unchecked((ulong)seed), new Device(DeviceType.CPU));
        using var noGrad = torch.no_grad();
        foreach (var (_, parameter) in named_parameters())
        {
            // Tensor.uniform_ honours the generator; nn.init.uniform_ in TorchSharp 0.107 draws from the global one.
            parameter.uniform_(-bound, bound, generator);
        }
    }
}
