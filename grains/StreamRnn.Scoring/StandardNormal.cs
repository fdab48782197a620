namespace StreamRnn.Scoring;

/// <summary>The standard normal distribution.</summary>
public static class StandardNormal
{
    /// <summary>P(Z ≤ z), accurate to about 1e-7 (Abramowitz and Stegun 7.1.26 on erf), exactly 0.5 at 0.</summary>
    public static double Cdf(double z)
    {
        if (double.IsNaN(z))
        {
            return 0.5;
        }

        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /// <summary>
    /// P(Z &gt; z), the upper tail (Q function), with a relative error below about 1.2e-7 however far out
    /// the tail is (the Chebyshev fit of erfc in Numerical Recipes, §6.2), so tails of 1e-10 and smaller
    /// keep their digits where 1 − <see cref="Cdf"/> would not. NaN gives 0.5.
    /// </summary>
    public static double UpperTail(double z)
    {
        if (double.IsNaN(z))
        {
            return 0.5;
        }

        return 0.5 * Erfc(z / Math.Sqrt(2));
    }

    private static double Erfc(double x)
    {
        var a = Math.Abs(x);
        var t = 1 / (1 + 0.5 * a);
        var polynomial = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        var tail = t * Math.Exp(-a * a + polynomial);
        return x >= 0 ? tail : 2 - tail;
    }
}
