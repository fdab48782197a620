namespace StreamRnn.WebConsole.Api;

/// <summary>The body of an acknowledge, resolve or rollback: why.</summary>
public sealed record ConsoleActionRequest(string? Reason);
