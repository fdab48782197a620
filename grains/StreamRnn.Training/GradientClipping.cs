using TorchSharp;
using TorchSharp.Modules;

namespace StreamRnn.Training;

/// <summary>Global-norm gradient clipping (<c>torch.nn.utils.clip_grad_norm_</c>).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their global L2 norm (the norm of all gradients concatenated) is at most
    /// <paramref name="maxNorm"/>; gradients below it are left as they are.
    /// </summary>
    /// <param name="parameters">The parameters whose gradients to clip; those without gradients are skipped.</param>
    /// <param name="maxNorm">The largest norm allowed, above 0.</param>
    /// <returns>The global norm before clipping.</returns>
    public static double ClipGlobalNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The largest norm must be above 0.");
        }

        using var scope = torch.NewDisposeScope();
        List<Parameter> withGradients = [.. parameters.Where(p => p.grad is not null)];
        return withGradients.Count == 0 ? 0 : torch.nn.utils.clip_grad_norm_(withGradients, maxNorm);
    }

    /// <summary>The global L2 norm of the gradients (0 when none has one).</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>√(Σ over every gradient element of its square).</returns>
    public static double GlobalNorm(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = torch.NewDisposeScope();
        var squares = 0.0;
        foreach (var parameter in parameters)
        {
            var grad = parameter.grad;
            if (grad is null)
            {
                continue;
            }

            var value = grad.detach().to(torch.ScalarType.Float64).norm().item<double>();
            squares += value * value;
        }

        return Math.Sqrt(squares);
    }
}
