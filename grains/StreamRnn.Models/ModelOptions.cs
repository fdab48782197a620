using System.ComponentModel.DataAnnotations;
using StreamRnn.Models;

namespace StreamRnn.Models;

/// <summary>Shape, seed and device of the forecasting model (configuration section <c>Model</c>).</summary>
public sealed class ModelOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Model";

    private const RecurrentCellKind DefaultCell = RecurrentCellKind.Gru;
    private const int DefaultHiddenSize = 32;
    private const int DefaultLayers = 1;
    private const int DefaultChannels = 1;
    private const int DefaultHorizon = 5;
    private const long DefaultSeed = 17;
    private const string DefaultDevice = "auto";
    private const RnnNonlinearity DefaultRnnNonlinearity = RnnNonlinearity.Tanh;
    private const double DefaultDropout = 0;

    /// <summary>The recurrent cell.</summary>
    [EnumDataType(typeof(RecurrentCellKind))]
    public RecurrentCellKind Cell { get; set; } = DefaultCell;

    /// <summary>Hidden units per layer.</summary>
    [Range(1, 4096)]
    public int HiddenSize { get; set; } = DefaultHiddenSize;

    /// <summary>Stacked recurrent layers.</summary>
    [Range(1, 16)]
    public int Layers { get; set; } = DefaultLayers;

    /// <summary>Input channels per step (values per reading).</summary>
    [Range(1, 1024)]
    public int Channels { get; set; } = DefaultChannels;

    /// <summary>Forecast steps made after each input step: the next <c>Horizon</c> values of channel 0.</summary>
    [Range(1, 1024)]
    public int Horizon { get; set; } = DefaultHorizon;

    /// <summary>The nonlinearity of a vanilla RNN (<see cref="RecurrentCellKind.Rnn"/>): tanh (default) or ReLU.</summary>
    [EnumDataType(typeof(RnnNonlinearity))]
    public RnnNonlinearity RnnNonlinearity { get; set; } = DefaultRnnNonlinearity;

    /// <summary>Dropout between stacked recurrent layers, in training only (inference runs in <c>eval()</c>, without it).</summary>
    [Range(0.0, 0.95)]
    public double Dropout { get; set; } = DefaultDropout;

    /// <summary>Seeds the initial weights, so every silo builds bit-identical version-1 weights.</summary>
    [Range(0, long.MaxValue)]
    public long Seed { get; set; } = DefaultSeed;

    /// <summary>
    /// A trained checkpoint (<c>streamrnn train</c>) to start from instead of the seeded initial model.
    /// Its architecture replaces Cell, Channels, HiddenSize, Layers, Horizon and RnnNonlinearity.
    /// </summary>
    public string? Checkpoint { get; set; }

    /// <summary>Why <see cref="Checkpoint"/> could not be read (set while the options are built; reported by validation).</summary>
    internal string? CheckpointError { get; set; }

    /// <summary>
    /// <c>auto</c> (CUDA when available, else CPU), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.
    /// </summary>
    [Required]
    [RegularExpression(TorchDeviceSelector.Pattern)]
    public string Device { get; set; } = DefaultDevice;
}
