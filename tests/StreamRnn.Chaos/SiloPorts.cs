namespace StreamRnn.Chaos;

/// <summary>A silo's silo-to-silo, gateway and HTTP (health) ports; a restarted silo keeps them.</summary>
internal sealed record SiloPorts(int Silo, int Gateway, int Http)
{
    public static SiloPorts[] Take(int silos)
    {
        var ports = FreeTcpPort.Take(3 * silos);
        return [.. Enumerable.Range(0, silos).Select(i => new SiloPorts(ports[3 * i], ports[(3 * i) + 1], ports[(3 * i) + 2]))];
    }
}
