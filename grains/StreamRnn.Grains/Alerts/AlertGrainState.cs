using StreamRnn.Contracts;

namespace StreamRnn.Grains.Alerts;

/// <summary>What an <see cref="AlertGrain"/> stores: its record, null until the alert is raised.</summary>
[GenerateSerializer, Alias("streamrnn.alert-grain-state")]
public sealed class AlertGrainState
{
    [Id(0)]
    public AlertRecord? Record { get; set; }
}
