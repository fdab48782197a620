namespace StreamRnn.WebConsole.Api;

/// <summary>The body of a promotion: skip the held-out comparison (weights are still checked)?</summary>
public sealed record ConsolePromoteRequest(bool Force);
