using System.Runtime.InteropServices;

namespace StreamRnn.Models;

/// <summary>
/// Makes libtorch's OpenMP threads sleep, not spin, between parallel regions, unless the operator chose otherwise.
/// </summary>
/// <remarks>
/// <para>
/// GNU OpenMP (which the Linux libtorch uses) keeps its worker threads spinning on the CPU for a while after every
/// parallel region (<c>OMP_WAIT_POLICY=ACTIVE</c> behaviour by default). A silo runs a small forward every few milliseconds
/// beside the grains, Kafka and the storage client, so those spinning workers took the cores from the threads with work:
/// on two cores, at 5,000 live readings/s, 18 % of the process's CPU went to them, forwards took 6 ms at the median instead
/// of 0.8, and reading-to-score latency doubled (docs/BENCHMARKS.md).
/// </para>
/// <para>
/// OpenMP reads <c>OMP_WAIT_POLICY</c> once, when libtorch is loaded, from the process's native environment (which
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not change on Linux): so it is set with libc's
/// <c>setenv</c>, before anything calls TorchSharp. A value already set (in the pod spec, say) is kept.
/// </para>
/// </remarks>
public static partial class OpenMpWaitPolicy
{
    /// <summary>The environment variable OpenMP reads.</summary>
    public const string VariableName = "OMP_WAIT_POLICY";

    /// <summary>The value set when none is: workers sleep while they wait.</summary>
    public const string Passive = "PASSIVE";

    /// <summary>
    /// Sets <c>OMP_WAIT_POLICY=PASSIVE</c> in the native environment when it is not set there, on Linux and macOS.
    /// Call it before the first TorchSharp call: later, OpenMP has read its settings already. Returns the value in effect.
    /// </summary>
    public static string? ApplyDefault()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        return ApplyDefault(NativeEnvironment.Get, NativeEnvironment.SetIfAbsent);
    }

    /// <summary>The rule alone: keeps a value already there, otherwise sets <see cref="Passive"/>.</summary>
    /// <param name="get">Reads a variable (null when unset).</param>
    /// <param name="setIfAbsent">Sets a variable that is not set.</param>
    /// <returns>The value in effect afterwards.</returns>
    public static string? ApplyDefault(Func<string, string?> get, Action<string, string> setIfAbsent)
    {
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(setIfAbsent);
        if (string.IsNullOrEmpty(get(VariableName)))
        {
            setIfAbsent(VariableName, Passive);
        }

        return get(VariableName);
    }

    /// <summary>libc's own environment, which native libraries read (not .NET's copy of it).</summary>
    internal static partial class NativeEnvironment
    {
        public static string? Get(string name) => Marshal.PtrToStringUTF8(getenv(name));

        public static void SetIfAbsent(string name, string value)
        {
            if (setenv(name, value, 0) != 0)
            {
                throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
            }
        }

        [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
        private static partial nint getenv(string name);

        [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        private static partial int setenv(string name, string value, int overwrite);
    }
}
