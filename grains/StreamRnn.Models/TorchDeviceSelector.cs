using System.Globalization;
using TorchSharp;

namespace StreamRnn.Models;

/// <summary>Turns the <see cref="ModelOptions.Device"/> setting into a TorchSharp device.</summary>
public static class TorchDeviceSelector
{
    /// <summary>The accepted spellings: <c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> (case-insensitive).</summary>
    public const string Pattern = "^(?i)(auto|cpu|cuda(:[0-9]{1,3})?)$";

    /// <summary>
    /// Resolves a device setting. <c>auto</c> picks <c>cuda</c> when <c>torch.cuda.is_available()</c>, else <c>cpu</c>.
    /// </summary>
    /// <param name="device">The setting.</param>
    /// <returns>The TorchSharp device.</returns>
    /// <exception cref="ArgumentException">The setting is not one of the accepted spellings.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for but is not available, or the index is out of range.</exception>
    public static torch.Device Resolve(string device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        var spec = device.Trim().ToLowerInvariant();
        if (spec == "auto")
        {
            return torch.cuda.is_available() ? new torch.Device(DeviceType.CUDA) : new torch.Device(DeviceType.CPU);
        }

        if (spec == "cpu")
        {
            return new torch.Device(DeviceType.CPU);
        }

        if (spec == "cuda" || spec.StartsWith("cuda:", StringComparison.Ordinal))
        {
            var index = -1;
            if (spec.Length > "cuda".Length
                && !int.TryParse(spec.AsSpan("cuda:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out index))
            {
                throw new ArgumentException($"Model device '{device}' is not valid: expected auto, cpu, cuda or cuda:N.", nameof(device));
            }

            if (!torch.cuda.is_available())
            {
                throw new InvalidOperationException(
                    $"Model device '{device}' was requested but CUDA is not available to TorchSharp "
                    + "(no GPU or driver, or the build uses TorchSharp-cpu). Set Model:Device to 'auto' or 'cpu', "
                    + "or build with TorchBackend=cuda on a GPU machine.");
            }

            var count = torch.cuda.device_count();
            if (index >= count)
            {
                throw new InvalidOperationException(
                    $"Model device '{device}' was requested but only {count} CUDA device(s) are visible.");
            }

            return index < 0 ? new torch.Device(DeviceType.CUDA) : new torch.Device(DeviceType.CUDA, index);
        }

        throw new ArgumentException($"Model device '{device}' is not valid: expected auto, cpu, cuda or cuda:N.", nameof(device));
    }

    /// <summary>Whether a valid <paramref name="device"/> setting resolves to a CUDA device here (false when it cannot be used).</summary>
    /// <param name="device">The setting.</param>
    /// <returns><see langword="true"/> for a usable CUDA device.</returns>
    public static bool IsCuda(string device)
    {
        try
        {
            return Resolve(device).type == DeviceType.CUDA;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
