namespace StreamRnn.WebConsole;

/// <summary>How the silo runs the console: production mode (the silo's, from <c>Cluster:Redis</c>) and whether the API asks who you are.</summary>
public sealed record WebConsoleMode(bool Production, bool RequiresAuthentication);
