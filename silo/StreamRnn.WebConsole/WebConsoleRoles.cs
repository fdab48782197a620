namespace StreamRnn.WebConsole;

/// <summary>The console's roles and the policies built on them.</summary>
public static class WebConsoleRoles
{
    /// <summary>Reads every view.</summary>
    public const string Viewer = "viewer";

    /// <summary>Also acknowledges, resolves and suppresses alerts, promotes and rolls back models.</summary>
    public const string Operator = "operator";

    /// <summary>Policy: viewer or operator.</summary>
    public const string ViewPolicy = "streamrnn.console.view";

    /// <summary>Policy: operator.</summary>
    public const string OperatePolicy = "streamrnn.console.operate";

    public static bool IsRole(string? role) => role is Viewer or Operator;
}
