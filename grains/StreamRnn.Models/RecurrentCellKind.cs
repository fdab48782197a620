namespace StreamRnn.Models;

/// <summary>The recurrent cell of a <see cref="Models.RecurrentForecaster"/>.</summary>
public enum RecurrentCellKind
{
    /// <summary>Gated recurrent unit: the state is h.</summary>
    Gru,

    /// <summary>Long short-term memory: the state is h then c.</summary>
    Lstm,

    /// <summary>Vanilla Elman RNN, tanh (default) or ReLU (<see cref="ModelShape.RnnNonlinearity"/>): the state is h.</summary>
    Rnn,
}
