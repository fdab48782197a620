using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using StreamRnn.Kafka.Native;

namespace StreamRnn.Kafka;

/// <summary>
/// Chooses the librdkafka build for the whole process, before any Confluent.Kafka client exists,
/// and says which one it chose.
/// </summary>
/// <remarks>
/// <para>
/// On glibc Linux the <c>librdkafka.redist</c> package ships two builds. The main
/// <c>librdkafka.so</c> has every feature (GSSAPI/Kerberos included) but needs the system's
/// <c>libsasl2.so.3</c>, which Debian 12 and other distributions do not have; the
/// <c>centos8-librdkafka.so</c> build is self-contained (OpenSSL linked in; TLS and SASL
/// PLAIN/SCRAM/OAUTHBEARER built in, no GSSAPI). <see cref="EnsureLoaded"/> loads the main build when
/// it loads, otherwise the self-contained one (on musl: <c>alpine-librdkafka.so</c>). The files are
/// looked for in <c>runtimes/linux-&lt;arch&gt;/native/</c> under <see cref="AppContext.BaseDirectory"/> and in
/// that directory itself (RID-specific publishes flatten them there).
/// </para>
/// <para>
/// Confluent.Kafka is then told to use that exact file: a <see cref="NativeLibrary.SetDllImportResolver"/>
/// on its assembly maps every librdkafka name it imports to the chosen handle (and its <c>libdl</c>
/// import to <c>libdl.so.2</c>, which glibc 2.34+ systems have without the unversioned
/// <c>libdl.so</c> that <see cref="Library.Load(string)"/> would otherwise need), and
/// <see cref="Library.Load(string)"/> is called with the path. This library's own P/Invokes resolve
/// to the same handle, so one librdkafka serves both. Left alone, Confluent.Kafka 2.16 also falls
/// back from the main build to the centos8 one, but silently; here the choice is explicit and
/// reported by <see cref="LoadedPath"/>, <see cref="SelectionReason"/>, <see cref="Version"/> and
/// <see cref="BuiltinFeatures"/>.
/// </para>
/// <para>On other operating systems Confluent.Kafka loads its default build and this class binds to it.</para>
/// </remarks>
public static class KafkaNativeLibrary
{
    private const string MainBuild = "librdkafka.so";
    private const string SelfContainedGlibcBuild = "centos8-librdkafka.so";
    private const string MuslBuild = "alpine-librdkafka.so";

    private static readonly Lock _gate = new();
    private static volatile LoadedLibrary? _loaded;
    private static bool _ownResolverRegistered;
    private static nint _confluentTarget;

    /// <summary>Full path of the librdkafka file in use (on non-Linux systems, the name Confluent.Kafka resolved).</summary>
    public static string LoadedPath => EnsureLoadedCore().Path;

    /// <summary>Why this build was chosen, in one line (for the startup log).</summary>
    public static string SelectionReason => EnsureLoadedCore().Reason;

    /// <summary>The librdkafka version string, e.g. <c>2.16.0</c>.</summary>
    public static string Version => EnsureLoadedCore().Version;

    /// <summary>
    /// librdkafka's <c>builtin.features</c> property, e.g. <c>gzip,snappy,ssl,sasl,regex,lz4,sasl_plain,sasl_scram,...</c>:
    /// what the loaded build can do (TLS, the SASL mechanisms, compression codecs).
    /// </summary>
    public static string BuiltinFeatures => EnsureLoadedCore().Features;

    /// <summary>Whether <see cref="BuiltinFeatures"/> lists <paramref name="feature"/> (e.g. <c>sasl_gssapi</c>).</summary>
    public static bool HasFeature(string feature)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        foreach (var range in BuiltinFeatures.AsSpan().Split(','))
        {
            if (BuiltinFeatures.AsSpan()[range].Trim().Equals(feature, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Loads librdkafka once for the process (idempotent and thread-safe). Call it before creating
    /// any Confluent.Kafka client; <see cref="KafkaConnection"/> does.
    /// </summary>
    /// <exception cref="DllNotFoundException">No librdkafka build could be loaded.</exception>
    public static void EnsureLoaded() => EnsureLoadedCore();

    private static LoadedLibrary EnsureLoadedCore()
    {
        var loaded = _loaded;
        if (loaded is not null)
        {
            return loaded;
        }

        lock (_gate)
        {
            loaded = _loaded;
            if (loaded is not null)
            {
                return loaded;
            }

            var (path, handle, reason) = OperatingSystem.IsLinux() ? LoadOnLinux() : LoadConfluentDefault();
            RegisterOwnResolver();
            _confluentTarget = handle;

            // Our P/Invokes resolve through the published handle, so publish before calling them.
            loaded = new LoadedLibrary(path, handle, reason, string.Empty, string.Empty);
            _loaded = loaded;
            var version = Marshal.PtrToStringUTF8(LibRdKafka.rd_kafka_version_str()) ?? "unknown";
            var features = LibRdKafka.ReadDefaultConfProperty("builtin.features") ?? string.Empty;
            loaded = loaded with { Version = version, Features = features };
            _loaded = loaded;
            return loaded;
        }
    }

    private static (string Path, nint Handle, string Reason) LoadOnLinux()
    {
        var confluent = typeof(Library).Assembly;
        if (Library.IsLoaded)
        {
            // Too late to choose: bind to whatever Confluent.Kafka already mapped.
            var mapped = FindMappedLibrdkafka() ?? throw new DllNotFoundException(
                "Confluent.Kafka had already loaded librdkafka before KafkaNativeLibrary.EnsureLoaded ran, and its file could not be found in /proc/self/maps.");
            return (mapped, NativeLibrary.Load(mapped), "Confluent.Kafka had already loaded it before KafkaNativeLibrary.EnsureLoaded ran (call EnsureLoaded first to choose explicitly)");
        }

        var (path, handle, reason) = SelectLinuxBuild();
        _confluentTarget = handle;
        try
        {
            NativeLibrary.SetDllImportResolver(confluent, ResolveForConfluent);
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException(
                "Another component already installed a DllImport resolver for Confluent.Kafka, so StreamRnn cannot point it at " + path + ".",
                exception);
        }

        Library.Load(path);
        return (path, handle, reason);
    }

    private static (string Path, nint Handle, string Reason) SelectLinuxBuild()
    {
        var isMusl = RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase);
        string[] builds = isMusl ? [MuslBuild] : [MainBuild, SelfContainedGlibcBuild];
        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string[] directories =
        [
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-" + architecture, "native"),
            AppContext.BaseDirectory,
        ];

        var failures = new List<string>();
        foreach (var build in builds)
        {
            var candidate = directories.Select(directory => Path.Combine(directory, build)).FirstOrDefault(File.Exists);
            if (candidate is null)
            {
                failures.Add($"{build}: not found");
                continue;
            }

            try
            {
                var handle = NativeLibrary.Load(candidate);
                var reason = build switch
                {
                    MainBuild => "main build (all features, GSSAPI included)",
                    SelfContainedGlibcBuild => "self-contained build (TLS and SASL PLAIN/SCRAM/OAUTHBEARER built in)",
                    _ => "musl build",
                };
                if (failures.Count > 0)
                {
                    reason += " because " + string.Join("; ", failures);
                }

                return (candidate, handle, reason);
            }
            catch (DllNotFoundException exception)
            {
                failures.Add($"{build} did not load ({LastLine(exception.Message)})");
            }
            catch (BadImageFormatException exception)
            {
                failures.Add($"{build} did not load ({LastLine(exception.Message)})");
            }
        }

        throw new DllNotFoundException(
            $"No librdkafka build could be loaded from {string.Join(" or ", directories)}: {string.Join("; ", failures)}.");
    }

    private static (string Path, nint Handle, string Reason) LoadConfluentDefault()
    {
        if (!Library.IsLoaded)
        {
            Library.Load();
        }

        // Same name and probing as Confluent's own import, so the loader hands back the same module.
        var handle = NativeLibrary.Load("librdkafka", typeof(Library).Assembly, null);
        return ("librdkafka", handle, "Confluent.Kafka default for " + RuntimeInformation.OSDescription);
    }

    private static void RegisterOwnResolver()
    {
        if (_ownResolverRegistered)
        {
            return;
        }

        NativeLibrary.SetDllImportResolver(typeof(KafkaNativeLibrary).Assembly, ResolveForThisAssembly);
        _ownResolverRegistered = true;
    }

    private static nint ResolveForThisAssembly(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(libraryName, LibRdKafka.ImportName, StringComparison.Ordinal))
        {
            return 0;
        }

        return (_loaded ?? EnsureLoadedCore()).Handle;
    }

    private static nint ResolveForConfluent(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName.Contains("librdkafka", StringComparison.Ordinal))
        {
            return _confluentTarget;
        }

        if (string.Equals(libraryName, "libdl", StringComparison.Ordinal))
        {
            // dlopen/dlerror/dlsym live in libdl.so.2 (a stub on glibc 2.34+) and in libc itself.
            foreach (var name in (ReadOnlySpan<string>)["libdl.so.2", "libc.so.6"])
            {
                if (NativeLibrary.TryLoad(name, out var handle))
                {
                    return handle;
                }
            }
        }

        return 0;
    }

    private static string? FindMappedLibrdkafka()
    {
        const string Maps = "/proc/self/maps";
        if (!File.Exists(Maps))
        {
            return null;
        }

        foreach (var line in File.ReadLines(Maps))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.EndsWith("librdkafka.so", StringComparison.Ordinal))
            {
                return line[slash..];
            }
        }

        return null;
    }

    private static string LastLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? message : lines[^1];
    }

    private sealed record LoadedLibrary(string Path, nint Handle, string Reason, string Version, string Features);
}
