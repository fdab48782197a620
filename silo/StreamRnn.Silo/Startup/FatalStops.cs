namespace StreamRnn.Silo.Startup;

/// <summary>
/// Why a host stopped on its own: the background services (ingest, the demo fleet, model sync...) whose work ended in
/// an exception. The host stops when one fails (<c>BackgroundServiceExceptionBehavior.StopHost</c>) but its run still
/// completes normally; the silo turns these into a non-zero exit code and one line each on standard error.
/// </summary>
internal static class FatalStops
{
    /// <summary>Exit code of a silo stopped by a failure (2 is an invalid configuration).</summary>
    public const int ExitCode = 1;

    /// <summary>The host's background services, taken before it runs (its services are disposed when the run ends).</summary>
    public static IReadOnlyList<BackgroundService> BackgroundServices(IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();

    /// <summary>One line per failed background service: its type and the innermost error message.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<BackgroundService> services) =>
        services
            .Where(service => service.ExecuteTask is { IsFaulted: true })
            .Select(service => $"{service.GetType().Name} failed: {service.ExecuteTask!.Exception!.GetBaseException().Message}")
            .ToList();
}
