using Microsoft.Extensions.Logging;

namespace StreamRnn.WebConsole;

/// <summary>The console's start-up log lines.</summary>
internal static partial class WebConsoleLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Console: authentication is required (production mode, or Console:RequireAuthentication=true) but neither Console:Tokens nor Console:Oidc:Authority or Console:Oidc:SigningKey is set: the console's API refuses every request (401). Configure one to use the console, or set Console:Enabled=false.")]
    public static partial void ConsoleLocked(this ILogger logger);
}
