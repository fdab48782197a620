using StreamRnn.Hosting;

namespace StreamRnn.Silo.Startup;

/// <summary>
/// Reads the <c>Dashboard</c> section before the silo is built (the dashboard adds services to the silo and a listening
/// address to the web host), so a bad setting stops the silo with one line on stderr that names it.
/// </summary>
internal static class DashboardSettings
{
    /// <summary>
    /// False after writing why the settings are invalid. Otherwise <paramref name="url"/> is where the dashboard
    /// listens (on <paramref name="port"/>), or null when it is off.
    /// </summary>
    public static bool TryRead(IConfiguration configuration, bool development, bool usesRedis, out string? url, out int port)
    {
        url = null;
        port = 0;
        SiloDashboardOptions options;
        try
        {
            options = configuration.GetSection(SiloDashboardOptions.SectionName).Get<SiloDashboardOptions>() ?? new SiloDashboardOptions();
        }
        catch (InvalidOperationException exception)
        {
            Console.Error.WriteLine($"Invalid configuration: {exception.Message}");
            return false;
        }

        if (options.Port is < 1 or > 65535)
        {
            Console.Error.WriteLine($"Invalid configuration: {SiloDashboardOptions.SectionName}:{nameof(SiloDashboardOptions.Port)} must be between 1 and 65535 (it is {options.Port}).");
            return false;
        }

        if (!options.IsEnabled(development, usesRedis))
        {
            return true;
        }

        var urls = configuration["urls"];
        if (SiloDashboardOptions.FirstPort(urls) == options.Port)
        {
            Console.Error.WriteLine($"Invalid configuration: {SiloDashboardOptions.SectionName}:{nameof(SiloDashboardOptions.Port)} must differ from the health port in Urls (both are {options.Port}).");
            return false;
        }

        url = options.Url(urls);
        port = options.Port;
        return true;
    }
}
