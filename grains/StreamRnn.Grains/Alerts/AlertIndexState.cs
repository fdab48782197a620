using StreamRnn.Contracts;

namespace StreamRnn.Grains.Alerts;

/// <summary>What an <see cref="AlertIndexGrain"/> stores (bounded: see <see cref="AlertIndexGrain.MaxLive"/> and <see cref="AlertIndexGrain.MaxClosed"/>).</summary>
[GenerateSerializer, Alias("streamrnn.alert-index-state")]
public sealed class AlertIndexState
{
    /// <summary>Alerts not yet resolved (open, acknowledged, suppressed) by id.</summary>
    [Id(0)]
    public Dictionary<string, AlertRecord> Live { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The last resolved alerts, oldest first.</summary>
    [Id(1)]
    public List<AlertRecord> Closed { get; set; } = [];

    /// <summary>Each sensor's event in progress per kind ("sensor\nkind" → the start's alert id): an end resolves it.</summary>
    [Id(2)]
    public Dictionary<string, string> OpenEvents { get; set; } = new(StringComparer.Ordinal);

    [Id(3)]
    public List<AlertSuppression> Suppressions { get; set; } = [];

    /// <summary>The suppressions lifted last, oldest first (bounded: <see cref="AlertIndexGrain.MaxLifted"/>), with who lifted them and why.</summary>
    [Id(4)]
    public List<AlertSuppression> Lifted { get; set; } = [];

    /// <summary>Moves <paramref name="found"/> from the suppressions in force to <see cref="Lifted"/> (keeping the last <paramref name="keep"/>); the lifted record.</summary>
    public AlertSuppression Lift(AlertSuppression found, AlertAction lifted, int keep)
    {
        var record = found with { Lifted = lifted };
        Suppressions.Remove(found);
        Lifted.Add(record);
        Lifted.RemoveRange(0, Math.Max(0, Lifted.Count - keep));
        return record;
    }
}
