namespace StreamRnn.Training;

/// <summary>
/// Multi-step forecast quality against the naive persistence forecast (the last observed value repeated for every
/// horizon step), overall and per horizon step, in the series' original units.
/// </summary>
public sealed class ForecastMetrics
{
    private ForecastMetrics(int count, ErrorMetrics model, ErrorMetrics persistence, IReadOnlyList<ErrorMetrics> modelPerStep, IReadOnlyList<ErrorMetrics> persistencePerStep)
    {
        Count = count;
        Model = model;
        Persistence = persistence;
        ModelPerStep = modelPerStep;
        PersistencePerStep = persistencePerStep;
    }

    /// <summary>Forecast origins evaluated (each contributes <see cref="Horizon"/> forecasts).</summary>
    public int Count { get; }

    /// <summary>Forecast steps per origin.</summary>
    public int Horizon => ModelPerStep.Count;

    /// <summary>The model over every origin and horizon step (R² against the mean of all actual values).</summary>
    public ErrorMetrics Model { get; }

    /// <summary>Persistence over every origin and horizon step.</summary>
    public ErrorMetrics Persistence { get; }

    /// <summary>The model per horizon step: index h is the forecast h + 1 steps ahead.</summary>
    public IReadOnlyList<ErrorMetrics> ModelPerStep { get; }

    /// <summary>Persistence per horizon step.</summary>
    public IReadOnlyList<ErrorMetrics> PersistencePerStep { get; }

    /// <summary>
    /// Skill over persistence, <c>1 − MSE_model / MSE_persistence</c>: above 0 beats persistence, 1 is perfect
    /// (not finite when persistence itself is perfect).
    /// </summary>
    public double Skill => 1 - (Model.Mse / Persistence.Mse);

    /// <summary>Skill per horizon step.</summary>
    public IReadOnlyList<double> SkillPerStep => [.. ModelPerStep.Zip(PersistencePerStep, (m, p) => 1 - (m.Mse / p.Mse))];

    /// <summary>Computes the metrics.</summary>
    /// <param name="predicted">Model forecasts <c>[origins, horizon]</c>.</param>
    /// <param name="actual">Actual values <c>[origins, horizon]</c>: row i, column h is the value h + 1 steps after origin i.</param>
    /// <param name="lastObserved">The value at each origin (the persistence forecast for every horizon step).</param>
    /// <returns>The metrics.</returns>
    public static ForecastMetrics Compute(double[,] predicted, double[,] actual, IReadOnlyList<double> lastObserved)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(lastObserved);
        var count = actual.GetLength(0);
        var horizon = actual.GetLength(1);
        if (count < 1 || horizon < 1 || predicted.GetLength(0) != count || predicted.GetLength(1) != horizon || lastObserved.Count != count)
        {
            throw new ArgumentException(
                $"Expected predicted and actual [origins ≥ 1, horizon ≥ 1] of one shape and one last value per origin; got "
                + $"[{predicted.GetLength(0)}, {predicted.GetLength(1)}], [{count}, {horizon}] and {lastObserved.Count}.",
                nameof(actual));
        }

        var allPredicted = new double[count * horizon];
        var allActual = new double[count * horizon];
        var allPersistence = new double[count * horizon];
        for (var i = 0; i < count; i++)
        {
            for (var h = 0; h < horizon; h++)
            {
                // Step-major, so each horizon step is one contiguous slice.
                var at = (h * count) + i;
                allPredicted[at] = predicted[i, h];
                allActual[at] = actual[i, h];
                allPersistence[at] = lastObserved[i];
            }
        }

        var modelPerStep = new ErrorMetrics[horizon];
        var persistencePerStep = new ErrorMetrics[horizon];
        for (var h = 0; h < horizon; h++)
        {
            var actualStep = allActual.AsSpan(h * count, count);
            modelPerStep[h] = ErrorMetrics.Compute(allPredicted.AsSpan(h * count, count), actualStep);
            persistencePerStep[h] = ErrorMetrics.Compute(allPersistence.AsSpan(h * count, count), actualStep);
        }

        return new ForecastMetrics(
            count,
            ErrorMetrics.Compute(allPredicted, allActual),
            ErrorMetrics.Compute(allPersistence, allActual),
            modelPerStep,
            persistencePerStep);
    }
}
