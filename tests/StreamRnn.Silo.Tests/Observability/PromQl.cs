using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamRnn.Silo.Tests.Observability;

/// <summary>The series names a PromQL expression reads, and the expressions of the monitoring manifests.</summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan",
    };

    /// <summary>
    /// The metric names in <paramref name="expression"/>: its identifiers once strings, label matchers, ranges, grouping
    /// label lists and Grafana variables are taken out, less functions (followed by '(') and keywords.
    /// </summary>
    public static IReadOnlyList<string> MetricNames(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = Strings().Replace(expression, " ");
        text = Matchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = Variables().Replace(text, " ");
        var names = new List<string>();
        foreach (Match match in Identifiers().Matches(text))
        {
            var next = match.Index + match.Length;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if ((next < text.Length && text[next] == '(') || Keywords.Contains(match.Value.ToLowerInvariant()))
            {
                continue;
            }

            names.Add(match.Value);
        }

        return names;
    }

    /// <summary>Every <c>expr</c> of the panels of a Grafana dashboard (JSON).</summary>
    public static IReadOnlyList<string> DashboardExpressions(string json)
    {
        using var document = JsonDocument.Parse(json);
        var expressions = new List<string>();
        Collect(document.RootElement, expressions);
        return expressions;

        static void Collect(JsonElement element, List<string> found)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        found.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, found);
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, found);
                }
            }
        }
    }

    /// <summary>
    /// The <c>expr</c> of every rule of a PrometheusRule manifest (one line each), failing when the number of
    /// expressions differs from the number of alerts (an expression over several lines would be missed).
    /// </summary>
    public static IReadOnlyList<string> RuleExpressions(string yaml)
    {
        var expressions = RuleExpr().Matches(yaml).Select(m => m.Groups["expr"].Value.Trim()).ToList();
        var alerts = RuleAlert().Count(yaml);
        if (alerts != expressions.Count || expressions.Any(e => e is "|" or ">" or "|-" or ">-"))
        {
            throw new InvalidDataException($"Every rule's expr must be on one line: {alerts} alerts, {expressions.Count} one-line exprs.");
        }

        return expressions;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex Variables();

    [GeneratedRegex(@"(?<![A-Za-z0-9_.:])[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifiers();

    [GeneratedRegex(@"^\s*expr:\s*(?<expr>.+)$", RegexOptions.Multiline)]
    private static partial Regex RuleExpr();

    [GeneratedRegex(@"^\s*-\s*alert:", RegexOptions.Multiline)]
    private static partial Regex RuleAlert();
}
