using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>The verdict of one chaos test: the counts of its last line, and lines of detail.</summary>
internal sealed record AuditResult(
    int Kills,
    long Produced,
    long Applied,
    long Lost,
    long Duplicated,
    int StateMismatch,
    int AlertIdsMissing,
    bool ReferenceClean,
    IReadOnlyList<string> Details)
{
    /// <summary>True when nothing was lost, duplicated or different, and the reference run itself was complete.</summary>
    public bool Passed => Lost == 0 && Duplicated == 0 && StateMismatch == 0 && AlertIdsMissing == 0 && ReferenceClean;

    /// <summary>The last line the tool prints, exactly as the issue specifies it.</summary>
    public string SummaryLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"chaos: kills={Kills} produced={Produced} applied={Applied} lost={Lost} duplicated={Duplicated} state-mismatch={StateMismatch} alert-ids-missing={AlertIdsMissing}");
}
