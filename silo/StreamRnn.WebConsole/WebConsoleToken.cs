namespace StreamRnn.WebConsole;

/// <summary>One configured bearer token: who it is (<see cref="Name"/>, recorded on the actions it takes) and its role.</summary>
public sealed class WebConsoleToken
{
    /// <summary>Who uses the token: recorded as "by" on acknowledgements, resolutions and suppressions.</summary>
    public string Name { get; set; } = "";

    /// <summary>The secret (at least 16 characters); never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary><c>viewer</c> (read only) or <c>operator</c> (also acknowledge, resolve, suppress, promote, roll back).</summary>
    public string Role { get; set; } = WebConsoleRoles.Viewer;
}
