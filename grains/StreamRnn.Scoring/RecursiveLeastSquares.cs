namespace StreamRnn.Scoring;

/// <summary>
/// Recursive least squares with exponential forgetting: a linear prediction y ≈ wᵀφ whose weights follow the data, the
/// weight of an observation k readings old being λᵏ (memory about 1 / (1 − λ) readings). Pure functions over the
/// caller's arrays: <c>weights</c> (d) and <c>covariance</c> (the d × d inverse-correlation matrix P, row-major),
/// updated in place. Standard form (Haykin, <i>Adaptive Filter Theory</i>, ch. 10):
/// k = Pφ / (λ + φᵀPφ), w ← w + k·e, P ← (P − kφᵀP) / λ.
/// </summary>
/// <remarks>
/// A feature that stops varying leaves P to grow by 1/λ per reading along it ("wind-up"), so a later change there
/// would move the weights violently: forgetting is suspended while the trace of P is above
/// <see cref="MaximumTrace"/> times d. P is kept symmetric (each update is symmetrised) so rounding cannot make it
/// indefinite.
/// </remarks>
public static class RecursiveLeastSquares
{
    /// <summary>The initial P is this times the identity: weak prior weights of 0 that a few readings overrule.</summary>
    public const double InitialCovariance = 100;

    /// <summary>Forgetting stops while trace(P) exceeds this many times d (wind-up guard).</summary>
    public const double MaximumTrace = 1_000;

    /// <summary>A new state for <paramref name="features"/> features: weights 0, P = <see cref="InitialCovariance"/>·I.</summary>
    public static (double[] Weights, double[] Covariance) Create(int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        var covariance = new double[features * features];
        for (var i = 0; i < features; i++)
        {
            covariance[(i * features) + i] = InitialCovariance;
        }

        return (new double[features], covariance);
    }

    /// <summary>The prediction wᵀφ.</summary>
    public static double Predict(ReadOnlySpan<double> weights, ReadOnlySpan<double> features)
    {
        CheckLengths(weights.Length, features.Length);
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i] * features[i];
        }

        return sum;
    }

    /// <summary>
    /// Learns one observation: <paramref name="error"/> is the target minus <see cref="Predict"/> (the caller may clip
    /// it, so one wild reading moves the weights no further than a usual large one); <paramref name="forgetting"/> is λ
    /// in (0, 1].
    /// </summary>
    public static void Update(Span<double> weights, Span<double> covariance, ReadOnlySpan<double> features, double error, double forgetting)
    {
        var d = weights.Length;
        CheckLengths(d, features.Length);
        if (covariance.Length != d * d)
        {
            throw new ArgumentException($"P has {covariance.Length} values; {d} features need {d * d}.", nameof(covariance));
        }

        if (!(forgetting > 0 && forgetting <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(forgetting), forgetting, "λ is in (0, 1].");
        }

        if (!double.IsFinite(error))
        {
            throw new ArgumentOutOfRangeException(nameof(error), error, "The error must be finite.");
        }

        Span<double> gain = d <= 64 ? stackalloc double[d] : new double[d];
        var denominator = forgetting;
        var trace = 0.0;
        for (var i = 0; i < d; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < d; j++)
            {
                sum += covariance[(i * d) + j] * features[j];
            }

            gain[i] = sum;
            denominator += features[i] * sum;
            trace += covariance[(i * d) + i];
        }

        var lambda = trace > MaximumTrace * d ? 1 : forgetting;
        for (var i = 0; i < d; i++)
        {
            weights[i] += gain[i] / denominator * error;
        }

        for (var i = 0; i < d; i++)
        {
            for (var j = i; j < d; j++)
            {
                // P φ φᵀ P is symmetric: (Pφ)_i (Pφ)_j. Update the upper triangle and mirror it.
                var value = (covariance[(i * d) + j] - (gain[i] * gain[j] / denominator)) / lambda;
                if (i != j)
                {
                    value = (value + ((covariance[(j * d) + i] - (gain[j] * gain[i] / denominator)) / lambda)) / 2;
                }

                covariance[(i * d) + j] = value;
                covariance[(j * d) + i] = value;
            }
        }
    }

    private static void CheckLengths(int weights, int features)
    {
        if (weights != features)
        {
            throw new ArgumentException($"{features} features for {weights} weights.");
        }
    }
}
