namespace StreamRnn.Models;

/// <summary>The nonlinearity of a vanilla RNN (<see cref="RecurrentCellKind.Rnn"/>); GRU and LSTM ignore it.</summary>
public enum RnnNonlinearity
{
    /// <summary><c>h' = tanh(W_ih x + b_ih + W_hh h + b_hh)</c> (the default).</summary>
    Tanh,

    /// <summary><c>h' = max(0, W_ih x + b_ih + W_hh h + b_hh)</c>.</summary>
    Relu,
}
