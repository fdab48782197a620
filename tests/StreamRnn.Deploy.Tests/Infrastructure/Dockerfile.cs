namespace StreamRnn.Deploy.Tests.Infrastructure;

/// <summary>The repository's Dockerfile, read as stages of instructions (enough to check its structure; not a builder).</summary>
internal sealed record Dockerfile(IReadOnlyList<Dockerfile.Stage> Stages)
{
    public Stage FinalStage => Stages[^1];

    public static Dockerfile Load() => Parse(File.ReadAllText(Repository.File("Dockerfile")));

    public static Dockerfile Parse(string text)
    {
        var stages = new List<Stage>();
        foreach (var (instruction, argument) in Instructions(text))
        {
            if (instruction == "FROM")
            {
                var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var name = parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
                stages.Add(new Stage(parts[0], name, []));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Instructions.Add((instruction, argument));
            }
        }

        return new Dockerfile(stages);
    }

    private static IEnumerable<(string Instruction, string Argument)> Instructions(string text)
    {
        var pending = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].TrimEnd() + " ";
                continue;
            }

            line = pending + line;
            pending = string.Empty;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            yield return space < 0 ? (line.ToUpperInvariant(), string.Empty) : (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
        }
    }

    public sealed record Stage(string Image, string? Name, List<(string Instruction, string Argument)> Instructions)
    {
        public string? User => Instructions.LastOrDefault(i => i.Instruction == "USER").Argument;

        public string? Entrypoint => Instructions.LastOrDefault(i => i.Instruction == "ENTRYPOINT").Argument;

        public IEnumerable<string> Arguments(string instruction) => Instructions.Where(i => i.Instruction == instruction).Select(i => i.Argument);
    }
}
