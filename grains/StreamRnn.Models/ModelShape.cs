using StreamRnn.Models;

namespace StreamRnn.Models;

/// <summary>
/// The shape of a forecasting model, which fixes the sizes of inputs, state and forecasts.
/// </summary>
/// <param name="Cell">The recurrent cell.</param>
/// <param name="Channels">Input values per step.</param>
/// <param name="HiddenSize">Hidden units per layer.</param>
/// <param name="Layers">Stacked recurrent layers.</param>
/// <param name="Horizon">
/// Forecast values made after each step: the next <c>Horizon</c> values of channel 0 (the target channel);
/// other channels are inputs only.
/// </param>
public sealed record ModelShape(RecurrentCellKind Cell, int Channels, int HiddenSize, int Layers, int Horizon)
{
    /// <summary>
    /// Floats in one series' recurrent state: <c>Layers × HiddenSize</c> for GRU and RNN
    /// (h, layer-major), <c>2 × Layers × HiddenSize</c> for LSTM (all of h layer-major, then all of c).
    /// </summary>
    public int StateSize => (Cell == RecurrentCellKind.Lstm ? 2 : 1) * Layers * HiddenSize;

    /// <summary>The nonlinearity of a vanilla RNN (<see cref="RecurrentCellKind.Rnn"/>); tanh by default, ignored by GRU and LSTM.</summary>
    public RnnNonlinearity RnnNonlinearity { get; init; } = RnnNonlinearity.Tanh;

    /// <summary>
    /// Dropout probability on the outputs of every recurrent layer but the last, in training mode only
    /// (<c>train()</c>); <c>eval()</c> turns it off, so it never changes inference. 0 (the default) is none.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>The shape the options describe.</summary>
    /// <param name="options">Model options.</param>
    /// <returns>The model shape.</returns>
    public static ModelShape FromOptions(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ModelShape(options.Cell, options.Channels, options.HiddenSize, options.Layers, options.Horizon)
        {
            RnnNonlinearity = options.RnnNonlinearity,
            Dropout = options.Dropout,
        };
    }

    /// <summary>Throws when a size is not positive, the cell or nonlinearity is unknown, or dropout is outside [0, 1).</summary>
    /// <exception cref="ArgumentException">The shape is not valid.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Cell))
        {
            throw new ArgumentException($"Unknown recurrent cell '{Cell}'.", nameof(Cell));
        }

        if (!Enum.IsDefined(RnnNonlinearity))
        {
            throw new ArgumentException($"Unknown RNN nonlinearity '{RnnNonlinearity}'.", nameof(RnnNonlinearity));
        }

        if (!(Dropout >= 0 && Dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Channels, 1, nameof(Channels));
        ArgumentOutOfRangeException.ThrowIfLessThan(HiddenSize, 1, nameof(HiddenSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Layers, 1, nameof(Layers));
        ArgumentOutOfRangeException.ThrowIfLessThan(Horizon, 1, nameof(Horizon));
    }
}
