namespace StreamRnn.Training;

/// <summary>
/// What <see cref="TrainingLoop"/> needs to judge every epoch and keep the best one: the validation loss, and a way
/// to copy the weights out and back in.
/// </summary>
/// <param name="Evaluate">The validation loss of the model as it stands (it may switch the model to <c>eval()</c>).</param>
/// <param name="ExportParameters">A copy of the model's weights.</param>
/// <param name="LoadParameters">Puts a copy back.</param>
internal sealed record LoopValidation(
    Func<double> Evaluate,
    Func<Dictionary<string, float[]>> ExportParameters,
    Action<IReadOnlyDictionary<string, float[]>> LoadParameters);
