using System.Collections;
using System.Reflection;

namespace StreamRnn.Deploy.Tests.Infrastructure;

/// <summary>
/// The configuration keys the silo knows, found by reflection: every options class in the silo's StreamRnn assemblies
/// with a <c>const string SectionName</c>, its bindable properties (nested option classes recursively; a dictionary
/// takes any key below it), plus the explicit allow-list of variables that are not options.
/// </summary>
internal static class SiloSettings
{
    /// <summary>
    /// Environment variables that are not StreamRnn options but are read by what the silo hosts. Each is exact, or
    /// a prefix when it ends with '*'.
    /// </summary>
    public static readonly IReadOnlyList<string> AllowedVariables =
    [
        // Orleans' Kubernetes hosting (KubernetesHostingOptions' *EnvironmentVariable constants).
        "POD_NAME",
        "POD_NAMESPACE",
        "POD_IP",
        "ORLEANS_SERVICE_ID",
        "ORLEANS_CLUSTER_ID",
        // ASP.NET Core's listening addresses (the health port).
        "Urls",
        "ASPNETCORE_URLS",
        // The .NET host and runtime (DOTNET_ENVIRONMENT, DOTNET_shutdownTimeoutSeconds, DOTNET_gc*...).
        "DOTNET_*",
        // OpenTelemetry's standard variables (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME...).
        "OTEL_*",
    ];

    private static readonly Lazy<IReadOnlyList<Type>> OptionTypes = new(FindOptionTypes);
    private static readonly Lazy<IReadOnlyList<string>> Keys = new(() => OptionTypes.Value.SelectMany(KeysOf).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList());

    /// <summary>The options classes found (for the test that checks the reflection finds the known ones).</summary>
    public static IReadOnlyList<Type> Types => OptionTypes.Value;

    /// <summary>Every known configuration key ('Section:Property'; 'Section:Dictionary:*' for free keys below it).</summary>
    public static IReadOnlyList<string> KnownKeys => Keys.Value;

    /// <summary>The configuration key an environment variable sets ('__' is ':'; keys are case-insensitive).</summary>
    public static string KeyOf(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>Whether the silo reads the environment variable <paramref name="variable"/>.</summary>
    public static bool IsKnown(string variable)
    {
        if (AllowedVariables.Any(allowed => Matches(allowed, variable, StringComparison.Ordinal)))
        {
            return true;
        }

        var key = KeyOf(variable);
        return KnownKeys.Any(known => Matches(known, key, StringComparison.OrdinalIgnoreCase));
    }

    private static bool Matches(string pattern, string value, StringComparison comparison) =>
        pattern.EndsWith('*')
            ? value.Length > pattern.Length - 1 && value.StartsWith(pattern[..^1], comparison)
            : string.Equals(pattern, value, comparison);

    private static List<Type> FindOptionTypes()
    {
        // The silo executable's assembly and every StreamRnn assembly it references, transitively.
        var seen = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>();
        pending.Push(typeof(StreamRnn.Silo.Demo.DemoFleetOptions).Assembly);
        while (pending.TryPop(out var assembly))
        {
            if (!seen.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("StreamRnn.", StringComparison.Ordinal)))
            {
                pending.Push(Assembly.Load(reference));
            }
        }

        return seen.Values
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.IsClass && SectionOf(type) is not null && type.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToList();
    }

    private static string? SectionOf(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly) is { IsLiteral: true } field
            && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    private static IEnumerable<string> KeysOf(Type type) => KeysOf(type, SectionOf(type)!, depth: 0);

    private static IEnumerable<string> KeysOf(Type type, string prefix, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var settable = property.SetMethod is { IsPublic: true };
            if (IsScalar(propertyType))
            {
                if (settable)
                {
                    yield return key;
                }
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                // Dictionaries and lists bind any key (or index) below them, settable or filled in place.
                yield return key + ":*";
            }
            else if (propertyType.IsClass && depth < 4 && propertyType.GetConstructor(Type.EmptyTypes) is not null)
            {
                foreach (var nested in KeysOf(propertyType, key, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid);
}
