using TorchSharp;
using static TorchSharp.torch;

namespace StreamRnn.Models;

/// <summary>
/// Named, ordered parameter access for checkpoints: a module's parameters under public names (a map from
/// TorchSharp's field-based names, e.g. <c>_recurrent.weight_ih_l0</c> → <c>rnn.weight_ih_l0</c>), exported
/// to and loaded from CPU float arrays with name and shape checks.
/// </summary>
internal sealed class ModuleParameters
{
    private readonly nn.Module _module;
    private readonly (string Name, string ModuleName, long[] Shape)[] _entries;

    public ModuleParameters(nn.Module module, IReadOnlyDictionary<string, string> prefixes)
    {
        _module = module;
        _entries = [.. module.named_parameters().Select(p => (Rename(p.name, prefixes), p.name, p.parameter.shape))];
        Layout = [.. _entries.Select(e => (e.Name, (long[])e.Shape.Clone()))];
    }

    /// <summary>Public names and shapes, in the module's registration order.</summary>
    public IReadOnlyList<(string Name, long[] Shape)> Layout { get; }

    /// <summary>Copies every parameter to a CPU float array (row-major), keyed by public name, in layout order.</summary>
    public Dictionary<string, float[]> Export()
    {
        var parameters = ByModuleName();
        var result = new Dictionary<string, float[]>(_entries.Length, StringComparer.Ordinal);
        using var noGrad = torch.no_grad();
        foreach (var (name, moduleName, _) in _entries)
        {
            using var cpu = parameters[moduleName].detach().cpu();
            result.Add(name, cpu.data<float>().ToArray());
        }

        return result;
    }

    /// <summary>
    /// Overwrites every parameter from <paramref name="values"/> (keyed by public name), on the module's device.
    /// Checks everything before writing anything.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is missing, unknown, or has the wrong number of values.</exception>
    public void Load(IReadOnlyDictionary<string, float[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, _, shape) in _entries)
        {
            if (!values.TryGetValue(name, out var array) || array is null)
            {
                throw new ArgumentException($"Parameter '{name}' [{string.Join(", ", shape)}] is missing.", nameof(values));
            }

            var expected = shape.Aggregate(1L, (product, dimension) => product * dimension);
            if (array.LongLength != expected)
            {
                throw new ArgumentException(
                    $"Parameter '{name}' expects shape [{string.Join(", ", shape)}] ({expected} values) but got {array.LongLength} values.",
                    nameof(values));
            }
        }

        foreach (var name in values.Keys)
        {
            if (!_entries.Any(e => e.Name == name))
            {
                throw new ArgumentException(
                    $"Parameter '{name}' is not part of this model (expected: {string.Join(", ", _entries.Select(e => e.Name))}).",
                    nameof(values));
            }
        }

        var parameters = ByModuleName();
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var (name, moduleName, shape) in _entries)
        {
            var parameter = parameters[moduleName];
            parameter.copy_(torch.tensor(values[name], shape, dtype: parameter.dtype, device: parameter.device));
        }
    }

    private static string Rename(string moduleName, IReadOnlyDictionary<string, string> prefixes)
    {
        foreach (var (from, to) in prefixes)
        {
            if (moduleName.StartsWith(from, StringComparison.Ordinal))
            {
                return to + moduleName[from.Length..];
            }
        }

        return moduleName;
    }

    private Dictionary<string, Tensor> ByModuleName()
    {
        return _module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter, StringComparer.Ordinal);
    }
}
